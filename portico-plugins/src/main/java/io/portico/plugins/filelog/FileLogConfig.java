package io.portico.plugins.filelog;

import io.portico.plugins.logging.LogFields;
import java.nio.file.Path;

/**
 * The {@code config:} of file-log.
 *
 * @param path      the file lines are appended to
 * @param reopen    open and close the file for every batch, so that logrotate may move it (Kong's key)
 * @param rotation  built-in rotation, or null when {@code rotate: off}
 * @param queueSize entries waiting for the writer beyond this are dropped and counted
 * @param fields    headers in or out, and the masked names
 */
record FileLogConfig(Path path, boolean reopen, Rotation rotation, int queueSize, LogFields fields) {

    static final int DEFAULT_QUEUE_SIZE = 10_000;
}
