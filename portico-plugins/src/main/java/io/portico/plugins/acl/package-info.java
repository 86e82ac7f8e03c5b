/**
 * {@code acl}: lets a consumer through, or not, by its groups (Kong's acl). Runs in the access phase,
 * after authentication plugins identified the consumer (or its anonymous stand-in).
 */
package io.portico.plugins.acl;
