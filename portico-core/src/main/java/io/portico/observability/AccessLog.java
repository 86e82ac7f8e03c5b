package io.portico.observability;

/** Receives one finished line per request. Implementations never block the caller. */
public interface AccessLog extends AutoCloseable {

    AccessLog OFF = new AccessLog() {
        @Override
        public boolean isEnabled() {
            return false;
        }

        @Override
        public void log(AccessLogEntry entry) {}

        @Override
        public void close() {}
    };

    /** False when nothing is recorded, so callers can skip building entries at all. */
    default boolean isEnabled() {
        return true;
    }

    void log(AccessLogEntry entry);

    @Override
    void close();
}
