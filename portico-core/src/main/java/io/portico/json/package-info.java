/**
 * JSON text written by hand where a serializer would cost too much or drag in a dependency: string
 * quoting for access-log lines, error bodies and configuration messages. Depends on no other Portico
 * package.
 */
package io.portico.json;
