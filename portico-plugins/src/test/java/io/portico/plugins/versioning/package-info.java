/**
 * The recipes of {@code docs/versioning.md}, run from {@code examples/versioning.yaml} against real
 * origins, so that the page and the example keep working.
 */
package io.portico.plugins.versioning;
