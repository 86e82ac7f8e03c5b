package io.portico.plugins.filelog;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.logging.LogFields;
import io.portico.plugins.logging.LogMetrics;
import io.portico.plugins.logging.LogPlugin;
import io.portico.plugins.logging.LogSinks;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * {@code file-log}: Kong's keys {@code path} and {@code reopen}, plus rotation and a bounded queue.
 * The type keeps one {@link FileLogWriter} per file (by absolute path) for as long as the gateway runs:
 * plugins created by every configuration, and every place that names the same file, share it.
 */
public final class FileLogPluginType implements PluginType<FileLogConfig> {

    static final String NAME = "file-log";
    /** How long {@link #close} waits for queued lines to be written. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final String PATH_RULE = "a file path";

    /** By absolute path. A writer still writing at close's deadline finishes: a write is not cut off half-way. */
    private final LogSinks<Path, FileLogWriter> writers = new LogSinks<>("portico-file-log", LogSinks.Overrun.FINISH);

    public FileLogPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<Phase> phases() {
        return LogPlugin.PHASES;
    }

    @Override
    public int priority() {
        return 9; // Kong's
    }

    @Override
    public FileLogConfig readConfig(ConfigReader config) {
        Path path = path(config);
        boolean reopen = config.bool("reopen", false);
        Rotation rotation = rotation(config);
        int queueSize = config.integer("queue_size", FileLogConfig.DEFAULT_QUEUE_SIZE, 1, 1_000_000);
        LogFields fields = LogFields.read(config);
        return new FileLogConfig(path, reopen, rotation, queueSize, fields);
    }

    /** Synchronized so that the writer a create finds gets its configuration before the next create. */
    @Override
    public synchronized Plugin create(FileLogConfig config, PluginContext context) {
        Path key = config.path().toAbsolutePath().normalize();
        FileLogWriter writer = writers.sink(key, executor ->
                new FileLogWriter(config, key, context.clock(), executor, LogMetrics.register(context.metrics(), NAME)));
        writer.configure(config);
        return new LogPlugin(config.fields(), writer);
    }

    /** Writes what is queued for every file (5 s at most in all) and closes them; a later create starts afresh. */
    @Override
    public void close() {
        writers.close(CLOSE_TIMEOUT);
    }

    int openWriters() {
        return writers.size();
    }

    private static Path path(ConfigReader config) {
        String text = config.requiredString("path", PATH_RULE);
        if (text == null) {
            return null;
        }
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            config.expected("path", PATH_RULE);
            return null;
        }
    }

    /** {@code rotate: off} (or {@code false}) turns rotation off, for logrotate; absent means the defaults. */
    private static Rotation rotation(ConfigReader config) {
        Object value = config.value("rotate");
        if (Boolean.FALSE.equals(value) || "off".equals(value) || "false".equals(value)) {
            return null;
        }
        if (value != null && !(value instanceof Map)) {
            config.expected("rotate", "a mapping, or off");
            return Rotation.DEFAULT;
        }
        ConfigReader rotate = config.section("rotate");
        long maxSize = rotate.bytes("max_size", Rotation.DEFAULT_MAX_SIZE);
        String interval = rotate.oneOf("interval", "none", RotationInterval.NAMES);
        int maxFiles = rotate.integer("max_files", Rotation.DEFAULT_MAX_FILES, 1, 1000);
        return new Rotation(maxSize, RotationInterval.named(interval), maxFiles);
    }
}
