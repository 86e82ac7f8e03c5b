/**
 * Listeners and connection lifecycle: binding the proxy ports, building each client pipeline,
 * tracking open connections, and draining them on shutdown. {@link io.portico.server.Gateway} is
 * the embeddable whole: start it with a configuration, apply new ones, close it.
 */
package io.portico.server;
