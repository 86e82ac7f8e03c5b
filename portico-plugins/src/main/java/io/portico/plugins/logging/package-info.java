/**
 * What {@code file-log} and {@code http-log} share: the plugin itself ({@link
 * io.portico.plugins.logging.LogPlugin}), which captures a log entry on the event loop ({@link
 * io.portico.plugins.logging.LogEntry}) and offers it to a {@link io.portico.plugins.logging.LogSink}
 * (a file's writer, an endpoint's sender); the hand-over from event loops to the sink's background
 * consumer through a bounded queue ({@link io.portico.plugins.logging.LogHandoff}, {@link
 * io.portico.plugins.logging.BoundedQueue}); the sinks a plugin type keeps across reloads, with their
 * threads ({@link io.portico.plugins.logging.LogSinks}); the entry's JSON form in Kong's log serializer
 * shape, written off the event loop ({@link io.portico.plugins.logging.LogJson}); the masking of
 * credentials ({@link io.portico.plugins.logging.Masking}) and the plugins' counters.
 */
package io.portico.plugins.logging;
