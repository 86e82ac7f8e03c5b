package io.portico.app;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and labels Portico promises (issue 5's contract, DESIGN §6), written down here so that
 * a dashboard query naming anything else fails the build; and a small PromQL reader that finds the metric
 * and label names a query uses. Not a full PromQL parser: it understands selectors, range brackets,
 * {@code by}/{@code without} groupings and functions, which is all the dashboard writes.
 */
final class MetricContract {

    /** Families and their labels. Histograms and summaries are listed by family name (see {@link #SUFFIXED}). */
    static final Map<String, Set<String>> FAMILIES = Map.ofEntries(
            Map.entry("portico_requests_total", Set.of("route", "service", "method", "status")),
            Map.entry("portico_request_duration_seconds", Set.of("route")),
            Map.entry("portico_upstream_duration_seconds", Set.of("route")),
            Map.entry("portico_bandwidth_bytes_total", Set.of("route", "direction")),
            Map.entry("portico_consumer_requests_total", Set.of("route", "consumer")),
            Map.entry("portico_rate_limited_total", Set.of("route", "plugin")),
            Map.entry("portico_connections", Set.of("state")),
            Map.entry("portico_connections_accepted_total", Set.of()),
            Map.entry("portico_upstream_target_healthy", Set.of("upstream", "target")),
            Map.entry("portico_circuit_breaker_state", Set.of("service", "state")),
            Map.entry("portico_config_reloads_total", Set.of("result")),
            Map.entry("portico_config_last_reload_timestamp_seconds", Set.of()),
            Map.entry("portico_netty_memory_used_bytes", Set.of("type")),
            Map.entry("portico_log_entries_dropped_total", Set.of("plugin", "reason")),
            Map.entry("portico_log_entries_written_total", Set.of("plugin")),
            Map.entry("portico_spans_exported_total", Set.of()),
            Map.entry("portico_spans_dropped_total", Set.of("reason")),
            Map.entry("jvm_memory_used_bytes", Set.of("area")),
            Map.entry("jvm_memory_max_bytes", Set.of("area")),
            Map.entry("jvm_gc_collection_seconds", Set.of("gc")),
            Map.entry("process_cpu_seconds_total", Set.of()));

    /** Families exposed as {@code _bucket}/{@code _sum}/{@code _count} series (histograms, summaries). */
    static final Set<String> SUFFIXED = Set.of("portico_request_duration_seconds", "portico_upstream_duration_seconds",
            "jvm_gc_collection_seconds");

    /** Labels Prometheus adds to every scraped series. */
    static final Set<String> TARGET_LABELS = Set.of("instance", "job");

    private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "topk",
            "bottomk", "quantile", "rate", "irate", "increase", "delta", "idelta", "histogram_quantile", "time",
            "clamp_min", "clamp_max", "abs", "by", "without", "on", "ignoring", "group_left", "group_right", "and",
            "or", "unless", "bool", "offset", "label_values");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"(?:[^\"\\\\]|\\\\.)*\"\\s*");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern RANGE = Pattern.compile("\\[[^\\]]*]");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+(\\.\\d+)?\\b");
    private static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");
    private static final Pattern OPERATORS = Pattern.compile("[\\s()*/+\\-,^%<>=!]*");

    private MetricContract() {}

    /** The family a series name belongs to, or null when the contract has none. */
    static String familyOf(String series) {
        if (FAMILIES.containsKey(series) && !SUFFIXED.contains(series)) {
            return series;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            if (series.endsWith(suffix)) {
                String family = series.substring(0, series.length() - suffix.length());
                if (SUFFIXED.contains(family)) {
                    return family;
                }
            }
        }
        return null;
    }

    /**
     * What is wrong with a query: unknown metric names, labels a metric does not have, legend labels no
     * metric of the query has, unbalanced brackets or leftovers this reader does not understand. Empty
     * when the query keeps to the contract.
     */
    static List<String> problems(String expr, String legend) {
        List<String> problems = new ArrayList<>();
        if (!balanced(expr)) {
            problems.add("unbalanced brackets in " + expr);
            return problems;
        }
        String rest = RANGE.matcher(expr).replaceAll(" ");
        Set<String> families = new LinkedHashSet<>();
        boolean buckets = false;
        Matcher selector = SELECTOR.matcher(rest);
        StringBuilder withoutSelectors = new StringBuilder();
        while (selector.find()) {
            String series = selector.group(1);
            String family = familyOf(series);
            if (family == null) {
                problems.add("unknown metric " + series);
            } else {
                families.add(family);
                buckets |= series.endsWith("_bucket");
                for (String label : matcherLabels(selector.group(2), problems)) {
                    boolean known = FAMILIES.get(family).contains(label) || TARGET_LABELS.contains(label)
                            || label.equals("le") && series.endsWith("_bucket");
                    if (!known) {
                        problems.add("metric " + series + " has no label " + label);
                    }
                }
            }
            selector.appendReplacement(withoutSelectors, " ");
        }
        selector.appendTail(withoutSelectors);
        rest = withoutSelectors.toString();
        List<String> groupings = new ArrayList<>();
        Matcher grouping = GROUPING.matcher(rest);
        StringBuilder withoutGroupings = new StringBuilder();
        while (grouping.find()) {
            for (String label : grouping.group(2).split(",")) {
                if (!label.isBlank()) {
                    groupings.add(label.strip());
                }
            }
            grouping.appendReplacement(withoutGroupings, " ");
        }
        grouping.appendTail(withoutGroupings);
        rest = withoutGroupings.toString();
        Matcher identifier = IDENTIFIER.matcher(rest);
        while (identifier.find()) {
            String word = identifier.group();
            if (PROMQL_WORDS.contains(word)) {
                continue;
            }
            String family = familyOf(word);
            if (family == null) {
                problems.add("unknown metric " + word);
            } else {
                families.add(family);
                buckets |= word.endsWith("_bucket");
            }
        }
        String leftover = NUMBER.matcher(IDENTIFIER.matcher(rest).replaceAll(" ")).replaceAll(" ");
        if (!OPERATORS.matcher(leftover).matches()) {
            problems.add("cannot read \"" + leftover.strip() + "\" in " + expr);
        }
        Set<String> available = new HashSet<>(TARGET_LABELS);
        for (String family : families) {
            available.addAll(FAMILIES.get(family));
        }
        if (buckets) {
            available.add("le");
        }
        for (String label : groupings) {
            if (!available.contains(label)) {
                problems.add("grouping by " + label + ", which no metric of the query has");
            }
        }
        Matcher legendLabel = LEGEND_LABEL.matcher(legend == null ? "" : legend);
        while (legendLabel.find()) {
            if (!available.contains(legendLabel.group(1))) {
                problems.add("legend {{" + legendLabel.group(1) + "}}, which no metric of the query has");
            }
        }
        return problems;
    }

    /** Names used by the matchers of a selector's braces; anything else there is a problem. */
    private static List<String> matcherLabels(String inside, List<String> problems) {
        List<String> labels = new ArrayList<>();
        if (inside.isBlank()) {
            return labels;
        }
        for (String matcher : splitOutsideQuotes(inside)) {
            Matcher parsed = MATCHER.matcher(matcher);
            if (parsed.matches()) {
                labels.add(parsed.group(1));
            } else {
                problems.add("malformed label matcher \"" + matcher.strip() + "\"");
            }
        }
        return labels;
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && quoted && i + 1 < text.length()) {
                current.append(c).append(text.charAt(++i));
                continue;
            }
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static boolean balanced(String expr) {
        StringBuilder open = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < expr.length(); i++) {
            char c = expr.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(', '[', '{' -> open.append(c);
                case ')', ']', '}' -> {
                    char expected = c == ')' ? '(' : c == ']' ? '[' : '{';
                    if (open.isEmpty() || open.charAt(open.length() - 1) != expected) {
                        return false;
                    }
                    open.setLength(open.length() - 1);
                }
                default -> { }
            }
        }
        return open.isEmpty() && !quoted;
    }
}
