/**
 * The declarative configuration: YAML as written ({@code *Spec} records), its validation with
 * path, line and column for every error, and the defaults in one place ({@link Defaults}).
 *
 * <p>Specs are immutable values. Nothing in this package knows about Netty, sockets or routing;
 * other packages compile specs into their runtime structures.
 */
package io.portico.config;
