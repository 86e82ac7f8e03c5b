package io.portico.observability;

/** Receives one finished line per request. Implementations never block the caller. */
public interface AccessLog extends AutoCloseable {

    AccessLog OFF = new AccessLog() {
        @Override
        public void log(AccessLogEntry entry) {}

        @Override
        public void close() {}
    };

    void log(AccessLogEntry entry);

    @Override
    void close();
}
