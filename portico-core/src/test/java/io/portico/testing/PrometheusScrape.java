package io.portico.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), for tests that scrape
 * {@code GET /metrics}: {@code # HELP} and {@code # TYPE} lines, then samples
 * {@code name{label="value",...} value}. Every sample must belong to the family of the {@code # TYPE}
 * line before it (with the suffixes its type allows), label values are unescaped ({@code \\}, {@code \"},
 * {@code \n}), and anything malformed is refused with its line number. Asking for a sample that is not
 * there fails the assertion rather than reading as 0, so that "0" and "absent" stay apart.
 */
public final class PrometheusScrape {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusScrape(List<Sample> samples, Map<String, String> types) {
        this.samples = List.copyOf(samples);
        this.types = Collections.unmodifiableMap(types);
    }

    /** @throws IllegalArgumentException naming the line of the first thing that is not the text format */
    public static PrometheusScrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        String family = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            try {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ", -1);
                    if (parts.length != 2 || !NAME.matcher(parts[0]).matches() || !isType(parts[1])) {
                        throw new IllegalArgumentException("malformed TYPE line");
                    }
                    if (types.put(parts[0], parts[1]) != null) {
                        throw new IllegalArgumentException("second TYPE line for " + parts[0]);
                    }
                    family = parts[0];
                } else if (line.startsWith("# HELP ")) {
                    String rest = line.substring(7);
                    int space = rest.indexOf(' ');
                    String name = space < 0 ? rest : rest.substring(0, space);
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("malformed HELP line");
                    }
                } else if (line.startsWith("#")) {
                    continue; // a comment
                } else {
                    Sample sample = sample(line);
                    if (family == null || !belongs(sample.name(), family, types.get(family))) {
                        throw new IllegalArgumentException("sample " + sample.name() + " outside its family's TYPE line");
                    }
                    samples.add(sample);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + number + ": " + e.getMessage() + ": " + line, e);
            }
        }
        return new PrometheusScrape(samples, types);
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The samples of this exact name (a counter's {@code _total}, a histogram's {@code _bucket}...). */
    public List<Sample> samples(String name) {
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name)) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The names of every sample, in order of appearance. */
    public Set<String> names() {
        Set<String> names = new LinkedHashSet<>();
        for (Sample sample : samples) {
            names.add(sample.name());
        }
        return names;
    }

    /** The family's type ({@code counter}, {@code gauge}, {@code histogram}...), or null without a TYPE line. */
    public String type(String family) {
        return types.get(family);
    }

    /**
     * The value of the one sample with this name and exactly these labels.
     *
     * @param labels label names and values, alternating: {@code "state", "active"}
     * @throws AssertionError when there is no such sample
     */
    public double value(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return sample.value();
            }
        }
        throw new AssertionError("no sample " + name + wanted + " in the scrape; samples of that name: " + samples(name));
    }

    /** The samples of this name whose labels include these (others may be there too). */
    public List<Sample> matching(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        List<Sample> found = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().entrySet().containsAll(wanted.entrySet())) {
                found.add(sample);
            }
        }
        return found;
    }

    /** The sum of {@link #matching}: 0 when no sample matches (a series not created yet). */
    public double sum(String name, String... labels) {
        double total = 0;
        for (Sample sample : matching(name, labels)) {
            total += sample.value();
        }
        return total;
    }

    /** True when a sample with this name and exactly these labels is present. */
    public boolean has(String name, String... labels) {
        Map<String, String> wanted = labels(labels);
        for (Sample sample : samples) {
            if (sample.name().equals(name) && sample.labels().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, String> labels(String[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels: names and values alternate (expected: an even count)");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    private static boolean isType(String type) {
        return switch (type) {
            case "counter", "gauge", "histogram", "summary", "untyped" -> true;
            default -> false;
        };
    }

    private static boolean belongs(String sample, String family, String type) {
        List<String> suffixes = switch (type) {
            case "counter" -> List.of("", "_total", "_created");
            case "histogram" -> List.of("_bucket", "_sum", "_count", "_created");
            case "summary" -> List.of("", "_sum", "_count", "_created");
            default -> List.of("");
        };
        for (String suffix : suffixes) {
            if (sample.equals(family + suffix)) {
                return true;
            }
        }
        return false;
    }

    private static Sample sample(String line) {
        int end = 0;
        while (end < line.length() && line.charAt(end) != '{' && line.charAt(end) != ' ') {
            end++;
        }
        String name = line.substring(0, end);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("malformed metric name");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        int at = end;
        if (at < line.length() && line.charAt(at) == '{') {
            at = readLabels(line, at + 1, labels);
        }
        if (at >= line.length() || line.charAt(at) != ' ') {
            throw new IllegalArgumentException("expected a space before the value");
        }
        String[] rest = line.substring(at + 1).split(" ", -1);
        if (rest.length > 2) {
            throw new IllegalArgumentException("expected a value and at most a timestamp");
        }
        if (rest.length == 2) {
            Long.parseLong(rest[1]);
        }
        return new Sample(name, Collections.unmodifiableMap(labels), number(rest[0]));
    }

    /** Reads {@code a="x",b="y"}} from {@code at}; returns the index after the closing brace. */
    private static int readLabels(String line, int at, Map<String, String> labels) {
        while (true) {
            if (at < line.length() && line.charAt(at) == '}') {
                return at + 1;
            }
            int equals = line.indexOf('=', at);
            if (equals < 0) {
                throw new IllegalArgumentException("unterminated labels");
            }
            String label = line.substring(at, equals);
            if (!LABEL_NAME.matcher(label).matches()) {
                throw new IllegalArgumentException("malformed label name \"" + label + "\"");
            }
            if (equals + 1 >= line.length() || line.charAt(equals + 1) != '"') {
                throw new IllegalArgumentException("label value not quoted");
            }
            StringBuilder value = new StringBuilder();
            int i = equals + 2;
            while (true) {
                if (i >= line.length()) {
                    throw new IllegalArgumentException("unterminated label value");
                }
                char c = line.charAt(i);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    if (i + 1 >= line.length()) {
                        throw new IllegalArgumentException("unterminated escape");
                    }
                    char escaped = line.charAt(i + 1);
                    switch (escaped) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("unknown escape \\" + escaped);
                    }
                    i += 2;
                } else {
                    value.append(c);
                    i++;
                }
            }
            if (labels.put(label, value.toString()) != null) {
                throw new IllegalArgumentException("label " + label + " twice");
            }
            at = i + 1;
            if (at < line.length() && line.charAt(at) == ',') {
                at++;
            } else if (at >= line.length() || line.charAt(at) != '}') {
                throw new IllegalArgumentException("expected , or } after a label");
            }
        }
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                if (!text.matches("[-+]?[0-9]*\\.?[0-9]+([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("malformed value \"" + text + "\"");
                }
                yield Double.parseDouble(text);
            }
        };
    }
}
