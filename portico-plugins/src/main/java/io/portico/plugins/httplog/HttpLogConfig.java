package io.portico.plugins.httplog;

import io.portico.plugins.logging.LogFields;

/**
 * The {@code config:} of http-log.
 *
 * @param delivery where and how batches are sent (what identifies the shared sender)
 * @param fields   headers in or out, and the masked names
 */
record HttpLogConfig(Delivery delivery, LogFields fields) {}
