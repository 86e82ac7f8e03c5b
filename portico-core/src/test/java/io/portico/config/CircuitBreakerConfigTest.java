package io.portico.config;

import static io.portico.config.ConfigFixtures.errors;
import static io.portico.config.ConfigFixtures.parse;
import static io.portico.config.ConfigFixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code services[].circuit_breaker}: defaults, every key, and exact messages for invalid values. */
class CircuitBreakerConfigTest {

    private static ServiceSpec service(String breaker) throws ConfigException {
        return parse(v1("services:\n  - name: s\n    url: \"http://h:1\"\n    circuit_breaker: " + breaker + "\n"))
                .services().get(0);
    }

    @Test
    void hasNoBreakerUnlessConfigured() throws ConfigException {
        assertThat(parse(v1("services: [{name: s, url: \"http://h:1\"}]\n")).services().get(0).circuitBreaker()).isNull();
    }

    @Test
    void appliesTheDocumentedDefaults() throws ConfigException {
        assertThat(service("{}").circuitBreaker()).isEqualTo(new CircuitBreakerSpec(50, 20, Duration.ofSeconds(10),
                Duration.ofSeconds(30), 5, new FailureConditions(true, true, false, true, Set.of()), null));
    }

    @Test
    void readsEveryKey() throws ConfigException {
        CircuitBreakerSpec spec = service("""
                {failure_rate: 25%, minimum_calls: 4, window: 2m, open_for: 1500ms, half_open_calls: 2,
                      on: [reset, bad-response, 502, 429],
                      fallback: {status: 200, body: '{"degraded":true}', headers: {Content-Type: application/json}}}""")
                .circuitBreaker();

        assertThat(spec).isEqualTo(new CircuitBreakerSpec(25, 4, Duration.ofMinutes(2), Duration.ofMillis(1500), 2,
                new FailureConditions(false, false, true, false, Set.of(502, 429), true),
                new ResponseSpec(200, "{\"degraded\":true}", Map.of("content-type", "application/json"))));
    }

    @Test
    void fallbackStatusDefaultsTo503() throws ConfigException {
        assertThat(service("{fallback: {body: sorry}}").circuitBreaker().fallback())
                .isEqualTo(new ResponseSpec(503, "sorry", Map.of()));
    }

    @Test
    void readsTheFailureRateFromTheEnvironment() throws ConfigException {
        String yaml = v1("services: [{name: s, url: \"http://h:1\", circuit_breaker: {failure_rate: \"${RATE}\"}}]\n");
        assertThat(parse(yaml, Map.of("RATE", "100%")).services().get(0).circuitBreaker().failureRatePercent())
                .isEqualTo(100);
    }

    @Test
    void reportsInvalidValuesWithTheirRules() {
        assertThat(errors(v1("""
                services:
                  - name: s
                    url: "http://h:1"
                    circuit_breaker:
                      failure_rate: 0%
                      minimum_calls: 0
                      window: 1500ms
                      open_for: 0s
                      half_open_calls: 1001
                      on: [reset, 5xx, 300, slow]
                      fallback: {status: 99, headers: {"a b": x}}
                      retry: 3
                  - {name: t, url: "http://h:1", circuit_breaker: {failure_rate: 50, window: 11m, on: []}}
                  - {name: u, url: "http://h:1", circuit_breaker: {failure_rate: "101%"}}
                  - {name: v, url: "http://h:1", circuit_breaker: {failure_rate: "50 %", fallback: []}}
                  - {name: w, url: "http://h:1", circuit_breaker: true}
                """))).containsExactly(
                "6:21: services[0].circuit_breaker.failure_rate: \"0%\" (expected: a percentage such as \"50%\", 1%..100%)",
                "7:22: services[0].circuit_breaker.minimum_calls: 0 (expected: > 0)",
                "8:15: services[0].circuit_breaker.window: \"1500ms\" (expected: whole seconds, 1s..10m)",
                "9:17: services[0].circuit_breaker.open_for: \"0s\" (expected: > 0)",
                "10:24: services[0].circuit_breaker.half_open_calls: 1001 (expected: 1..1000)",
                "11:24: services[0].circuit_breaker.on[2]: 300 (expected: connect-failure, timeout, reset, bad-response, "
                        + "5xx or a status 400..599)",
                "11:29: services[0].circuit_breaker.on[3]: \"slow\" (expected: connect-failure, timeout, reset, "
                        + "bad-response, 5xx or a status 400..599)",
                "12:26: services[0].circuit_breaker.fallback.status: 99 (expected: 100..599)",
                "12:40: services[0].circuit_breaker.fallback.headers: \"a b\" (expected: a header name of letters, digits "
                        + "and !#$%&'*+-.^_`|~)",
                "13:7: services[0].circuit_breaker: unknown key \"retry\" (expected one of: failure_rate, minimum_calls, "
                        + "window, open_for, half_open_calls, on, fallback)",
                "14:66: services[1].circuit_breaker.failure_rate: 50 (expected: a percentage such as \"50%\", 1%..100%)",
                "14:78: services[1].circuit_breaker.window: \"11m\" (expected: whole seconds, 1s..10m)",
                "14:87: services[1].circuit_breaker.on: a list (expected: at least one of connect-failure, timeout, reset, "
                        + "bad-response, 5xx or a status 400..599)",
                "15:66: services[2].circuit_breaker.failure_rate: \"101%\" (expected: a percentage such as \"50%\", 1%..100%)",
                "16:66: services[3].circuit_breaker.failure_rate: \"50 %\" (expected: a percentage such as \"50%\", "
                        + "1%..100%)",
                "16:84: services[3].circuit_breaker.fallback: a list (expected: a mapping)",
                "17:51: services[4].circuit_breaker: true (expected: a mapping)");
    }

    @Test
    void acceptsBadResponseOnlyInCircuitBreakers() {
        assertThat(errors(v1("services: [{name: s, url: \"http://h:1\", retries: {attempts: 1, on: [bad-response]}}]\n")))
                .containsExactly("2:69: services[0].retries.on[0]: \"bad-response\" (expected: connect-failure, timeout, "
                        + "reset, 5xx or a status 400..599)");
    }
}
