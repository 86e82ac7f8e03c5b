package io.portico.plugins.filelog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A file-log file read back by tests: one JSON object per line. */
final class LogLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {}

    /** Every line of {@code file}, parsed; none when the file does not exist (yet). */
    static List<JsonNode> read(Path file) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }
}
