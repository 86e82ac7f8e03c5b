/**
 * The {@code portico} command: start, validate, explain, demo and version; reloading the configuration file on
 * change and on SIGHUP; graceful shutdown on SIGTERM.
 */
package io.portico.app;
