package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The configuration file of {@code start}, {@code validate} and reloads. It is read once and parsed
 * from that text, so what was checked is exactly what runs; messages name the file as given.
 */
record ConfigFile(Path path, PluginRegistry plugins) {

    /** The plugins on the class path, found once per process. */
    static final PluginRegistry BUILT_IN_PLUGINS = PluginRegistry.discover();

    ConfigFile(Path path) {
        this(path, BUILT_IN_PLUGINS);
    }

    String read() throws IOException {
        if (Files.isDirectory(path)) {
            throw new IOException("is a directory");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    /** Where configurations come from, as {@code GET /status} reports it: the file's absolute path. */
    String source() {
        return path.toAbsolutePath().normalize().toString();
    }

    /**
     * The file's bytes as they were read: {@link #read} decodes strict UTF-8 (malformed input is a read
     * error), so encoding the text again gives back exactly the bytes, and their SHA-256 is the file's.
     */
    static byte[] bytes(String content) {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    PorticoSpec parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, path.toString(), System::getenv, plugins);
    }

    /** One line for an operator: {@code portico.yaml: no such file}. */
    String describe(IOException failure) {
        String reason;
        if (failure instanceof NoSuchFileException) {
            reason = "no such file";
        } else if (failure instanceof AccessDeniedException) {
            reason = "permission denied";
        } else {
            reason = "cannot read (" + failure.getMessage() + ")";
        }
        return path + ": " + reason;
    }
}
