/**
 * The {@code correlation-id} plugin: gives every request an id in a header, sends it upstream and
 * echoes it to the client. With the default {@code X-Request-Id} it shares the core's request id, the
 * one in access logs and error bodies.
 */
package io.portico.plugins.correlationid;
