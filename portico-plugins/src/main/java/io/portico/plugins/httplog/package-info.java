/**
 * {@code http-log}: request entries (Kong's log serializer shape, credentials masked) sent in batches,
 * as a JSON array, to an HTTP endpoint. Event loops only offer entries to a bounded queue; one sender
 * per endpoint and settings, kept by the plugin type across configuration reloads, gathers batches and
 * posts them from its own thread, retrying with exponential backoff and jitter until
 * {@code max_retry_time}. A slow or dead endpoint fills the queue, and further entries are dropped
 * and counted: the proxy never waits for the log.
 */
package io.portico.plugins.httplog;
