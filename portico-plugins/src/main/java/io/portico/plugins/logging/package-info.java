/**
 * What {@code file-log} and {@code http-log} share: the log entry captured on the event loop ({@link
 * io.portico.plugins.logging.LogEntry}), its JSON form in Kong's log serializer shape, written off the
 * event loop ({@link io.portico.plugins.logging.LogJson}), the masking of credentials ({@link
 * io.portico.plugins.logging.Masking}), the bounded queue between event loops and the background
 * writer ({@link io.portico.plugins.logging.BoundedQueue}) and the plugins' counters.
 */
package io.portico.plugins.logging;
