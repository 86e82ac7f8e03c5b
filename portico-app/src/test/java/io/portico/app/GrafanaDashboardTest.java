package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/portico.json is an importable Grafana dashboard whose queries name only metrics and labels
 * of the contract ({@link MetricContract}): renaming a metric or a label without the dashboard breaks the build.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "portico.json");
    private static final String DATASOURCE = "${DS_PROMETHEUS}";
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

    private static JsonNode dashboard;

    @BeforeAll
    static void read() throws Exception {
        dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    }

    @Test
    void isAnImportableDashboardWithAPrometheusInput() {
        assertThat(dashboard.get("schemaVersion").asInt()).isEqualTo(39);
        assertThat(dashboard.get("title").asText()).isEqualTo("Portico");
        assertThat(dashboard.get("uid").asText()).isNotBlank();
        JsonNode input = dashboard.get("__inputs").get(0);
        assertThat(input.get("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.get("type").asText()).isEqualTo("datasource");
        assertThat(input.get("pluginId").asText()).isEqualTo("prometheus");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            assertThat(ids.add(panel.get("id").asInt())).as("unique panel id %s", panel.get("id")).isTrue();
            JsonNode grid = panel.get("gridPos");
            assertThat(grid.get("x").asInt() + grid.get("w").asInt()).as(panel.get("title").asText()).isLessThanOrEqualTo(24);
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.get("datasource").get("uid").asText()).as(panel.get("title").asText()).isEqualTo(DATASOURCE);
            Set<String> refIds = new HashSet<>();
            for (JsonNode target : panel.get("targets")) {
                assertThat(target.get("datasource").get("uid").asText()).isEqualTo(DATASOURCE);
                assertThat(refIds.add(target.get("refId").asText())).isTrue();
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            assertThat(variable.get("datasource").get("uid").asText()).isEqualTo(DATASOURCE);
        }
    }

    @Test
    void panelsDoNotOverlap() {
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            JsonNode grid = panel.get("gridPos");
            int[] box = {grid.get("x").asInt(), grid.get("y").asInt(), grid.get("w").asInt(), grid.get("h").asInt()};
            for (int[] other : boxes) {
                boolean apart = box[0] + box[2] <= other[0] || other[0] + other[2] <= box[0]
                        || box[1] + box[3] <= other[1] || other[1] + other[3] <= box[1];
                assertThat(apart).as("%s overlaps another panel", panel.get("title").asText()).isTrue();
            }
            boxes.add(box);
        }
    }

    @Test
    void everyQueryNamesOnlyContractMetricsAndLabels() {
        List<String> problems = new ArrayList<>();
        int queries = 0;
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries++;
                for (String problem : MetricContract.problems(target.get("expr").asText(),
                        target.path("legendFormat").asText())) {
                    problems.add(panel.get("title").asText() + ": " + problem);
                }
            }
        }
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            Matcher query = LABEL_VALUES.matcher(variable.get("definition").asText());
            assertThat(query.matches()).as(variable.get("definition").asText()).isTrue();
            queries++;
            for (String problem : MetricContract.problems(query.group(1), "{{" + query.group(2) + "}}")) {
                problems.add("variable " + variable.get("name").asText() + ": " + problem);
            }
        }
        assertThat(queries).isGreaterThan(20);
        assertThat(problems).isEmpty();
    }

    @Test
    void chartsEveryFamilyOfTheContractButPerConsumerCounts() {
        Set<String> used = new LinkedHashSet<>();
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher name = Pattern.compile("[a-z_:][a-z0-9_:]*").matcher(target.get("expr").asText());
                while (name.find()) {
                    String family = MetricContract.familyOf(name.group());
                    if (family != null) {
                        used.add(family);
                    }
                }
            }
        }
        Set<String> expected = new HashSet<>(MetricContract.FAMILIES.keySet());
        expected.remove("portico_consumer_requests_total"); // off by default (per_consumer), one series per consumer
        assertThat(used).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void theQueryCheckCatchesRenamesAndStrayLabels() {
        assertThat(MetricContract.problems("sum by (route) (rate(portico_requests_total{route=~\"$route\"}[5m]))",
                "{{route}}")).isEmpty();
        assertThat(MetricContract.problems("histogram_quantile(0.99, sum by (le) (rate(portico_request_duration_seconds_bucket[5m])))",
                "")).isEmpty();

        assertThat(MetricContract.problems("rate(portico_request_total[5m])", ""))
                .containsExactly("unknown metric portico_request_total");
        assertThat(MetricContract.problems("rate(portico_requests_total{routes=\"a\"}[5m])", ""))
                .containsExactly("metric portico_requests_total has no label routes");
        assertThat(MetricContract.problems("sum by (consumer) (rate(portico_requests_total[5m]))", ""))
                .containsExactly("grouping by consumer, which no metric of the query has");
        assertThat(MetricContract.problems("portico_connections", "{{status}}"))
                .containsExactly("legend {{status}}, which no metric of the query has");
        assertThat(MetricContract.problems("sum(portico_connections_accepted_total_bucket)", ""))
                .containsExactly("unknown metric portico_connections_accepted_total_bucket");
        assertThat(MetricContract.problems("sum(rate(portico_connections[5m])", ""))
                .containsExactly("unbalanced brackets in sum(rate(portico_connections[5m])");
        assertThat(MetricContract.problems("portico_connections{state=active}", ""))
                .containsExactly("malformed label matcher \"state=active\"");
    }
}
