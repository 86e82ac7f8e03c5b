package io.portico.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The scrape parser the metrics tests rely on: it reads what the format allows and refuses the rest. */
class PrometheusScrapeTest {

    private static final String SCRAPE = """
            # HELP portico_connections Open client connections.
            # TYPE portico_connections gauge
            portico_connections{state="active"} 1.0
            portico_connections{state="idle"} 2.0
            # HELP portico_requests_total Requests.
            # TYPE portico_requests_total counter
            portico_requests_total{route="a \\"quoted\\" \\\\ name\\nline",status="200"} 7.0
            # TYPE portico_request_duration_seconds histogram
            portico_request_duration_seconds_bucket{route="a",le="0.5"} 3
            portico_request_duration_seconds_bucket{route="a",le="+Inf"} 4
            portico_request_duration_seconds_count{route="a"} 4
            portico_request_duration_seconds_sum{route="a"} 1.25E-1
            # TYPE process_start_time_seconds gauge
            process_start_time_seconds 1.7637E9 1763700000000
            """;

    @Test
    void readsSamplesWithTheirLabelsAndValues() {
        PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

        assertThat(scrape.value("portico_connections", "state", "active")).isEqualTo(1.0);
        assertThat(scrape.value("portico_connections", "state", "idle")).isEqualTo(2.0);
        assertThat(scrape.samples("portico_requests_total").get(0).labels())
                .isEqualTo(Map.of("route", "a \"quoted\" \\ name\nline", "status", "200"));
        assertThat(scrape.value("portico_request_duration_seconds_bucket", "route", "a", "le", "+Inf")).isEqualTo(4);
        assertThat(scrape.value("portico_request_duration_seconds_sum", "route", "a")).isEqualTo(0.125);
        assertThat(scrape.value("process_start_time_seconds")).isEqualTo(1.7637e9);
        assertThat(scrape.type("portico_request_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.names()).containsExactly("portico_connections", "portico_requests_total",
                "portico_request_duration_seconds_bucket", "portico_request_duration_seconds_count",
                "portico_request_duration_seconds_sum", "process_start_time_seconds");
    }

    @Test
    void findsOnlySamplesWithExactlyTheGivenLabels() {
        PrometheusScrape scrape = PrometheusScrape.parse(SCRAPE);

        assertThat(scrape.has("portico_connections", "state", "active")).isTrue();
        assertThat(scrape.has("portico_connections")).isFalse();
        assertThat(scrape.has("portico_request_duration_seconds_count", "route", "b")).isFalse();
        assertThatThrownBy(() -> scrape.value("portico_connections", "state", "closed"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("no sample portico_connections{state=closed}");
    }

    @Test
    void refusesWhatIsNotTheTextFormat() {
        assertRefused("# TYPE x gauge\nx{state=\"a\" 1\n", "line 2: expected , or } after a label");
        assertRefused("# TYPE x gauge\nx{state=a} 1\n", "line 2: label value not quoted");
        assertRefused("# TYPE x gauge\nx 1,5\n", "line 2: malformed value \"1,5\"");
        assertRefused("# TYPE x gauge\nx{a=\"\\t\"} 1\n", "line 2: unknown escape \\t");
        assertRefused("# TYPE x gauge\ny 1\n", "line 2: sample y outside its family's TYPE line");
        assertRefused("x 1\n", "line 1: sample x outside its family's TYPE line");
        assertRefused("# TYPE x gauge\n# TYPE x gauge\n", "line 2: second TYPE line for x");
        assertRefused("# TYPE x meter\n", "line 1: malformed TYPE line");
        assertRefused("# TYPE x histogram\nx 1\n", "line 2: sample x outside its family's TYPE line");
        assertRefused("# TYPE x gauge\nx{a=\"1\",a=\"2\"} 1\n", "line 2: label a twice");
    }

    private static void assertRefused(String text, String message) {
        assertThatThrownBy(() -> PrometheusScrape.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message);
    }
}
