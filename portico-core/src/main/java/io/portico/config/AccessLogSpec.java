package io.portico.config;

import java.nio.file.Path;

/** {@code proxy.access_log}: {@code stdout} (default), {@code off}, or a file path. */
public sealed interface AccessLogSpec {

    record Stdout() implements AccessLogSpec {}

    record Off() implements AccessLogSpec {}

    record File(Path path) implements AccessLogSpec {}
}
