package io.portico.plugins.filelog;

/**
 * {@code rotate:} of file-log: the file is renamed to {@code path.1} (and older ones shifted to
 * {@code path.2} … {@code path.<maxFiles>}, the oldest removed) before a line would take it past
 * {@code maxSizeBytes}, and at the first write after each {@code interval} boundary.
 */
record Rotation(long maxSizeBytes, RotationInterval interval, int maxFiles) {

    static final long DEFAULT_MAX_SIZE = 100L * 1024 * 1024;
    static final int DEFAULT_MAX_FILES = 10;
    static final Rotation DEFAULT = new Rotation(DEFAULT_MAX_SIZE, RotationInterval.NONE, DEFAULT_MAX_FILES);
}
