package io.portico.config;

import static io.portico.config.ConfigFixtures.errors;
import static io.portico.config.ConfigFixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.PluginRegistry;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Exact messages, paths, lines and columns of invalid configurations. */
class ConfigErrorsTest {

    @Test
    void requiresVersionOne() {
        assertThat(errors("proxy: {}\n")).containsExactly("1:1: version: missing (expected: 1)");
        assertThat(errors("version: 2\n")).containsExactly("1:10: version: 2 (expected: 1)");
        assertThat(errors("version: \"1\"\n")).containsExactly("1:10: version: \"1\" (expected: 1)");
    }

    @Test
    void rejectsUnknownKeysAtTheKey() {
        assertThat(errors(v1("dashboard: {enabled: true}\n"))).containsExactly(
                "2:1: unknown key \"dashboard\" (expected one of: version, proxy, admin, upstreams, services, routes, "
                        + "consumers, cluster, plugins)");
        assertThat(errors(v1("proxy:\n  limits:\n    max_headers: 1KB\n"))).containsExactly(
                "4:5: proxy.limits: unknown key \"max_headers\" (expected one of: max_request_line_size, "
                        + "max_header_size, max_body_size, header_timeout, idle_timeout)");
    }

    @Test
    void bindsAnAggregateRoute() throws ConfigException {
        PorticoSpec spec = ConfigFixtures.parse(v1("""
                services:
                  - {name: users, url: "http://127.0.0.1:9001"}
                  - {name: orders, url: "http://127.0.0.1:9002"}
                routes:
                  - name: profile
                    paths: ["/me/{id}", "~^/u/(?<id>[0-9]+)$"]
                    aggregate:
                      timeout: 750ms
                      max_body_size: 2KB
                      backends:
                        - {service: users, path: "/users/{id}", key: user, forward_headers: [Authorization]}
                        - {service: orders, path: "/orders?owner={id}", optional: true}
                """));
        AggregateSpec aggregate = spec.routes().get(0).aggregate();

        assertThat(aggregate.timeout()).isEqualTo(java.time.Duration.ofMillis(750));
        assertThat(aggregate.maxBodySize().bytes()).isEqualTo(2048);
        assertThat(aggregate.backends()).containsExactly(
                new AggregateSpec.Backend("users", "/users/{id}", "user", false, java.util.List.of("authorization")),
                new AggregateSpec.Backend("orders", "/orders?owner={id}", null, true, java.util.List.of()));
    }

    @Test
    void rejectsInvalidAggregateRoutesWithEveryError() {
        assertThat(errors(v1("""
                services:
                  - {name: users, url: "http://127.0.0.1:9001"}
                routes:
                  - name: both
                    paths: [/both]
                    service: users
                    aggregate: {backends: [{service: users, path: /x}]}
                  - name: none
                    paths: [/none]
                  - name: bad
                    paths: ["/bad/{id}", /plain]
                    strip_path: false
                    aggregate:
                      timeout: 0s
                      backends:
                        - {service: nope, path: /x, key: k}
                        - {service: users, path: "/u/{id}", key: k}
                        - {service: users, path: "x/../y", forward_headers: [host, "bad header", accept, Accept]}
                        - {service: users, path: "/a/../b"}
                        - {service: users, path: "/a/{x"}
                        - {path: /y, optional: maybe, colour: blue}
                  - name: empty
                    paths: [/empty]
                    aggregate: {backends: []}
                """))).containsExactly(
                "5:5: routes[0]: both service and aggregate (expected: exactly one of service, response and aggregate)",
                "9:5: routes[1]: missing service, response or aggregate (expected: exactly one of service, response "
                        + "and aggregate)",
                "13:17: routes[2].strip_path: set on an aggregate route (expected: only on routes with a service; "
                        + "backend paths are written in full under aggregate.backends)",
                "15:16: routes[2].aggregate.timeout: \"0s\" (expected: > 0)",
                "17:21: routes[2].aggregate.backends[0].service: unknown service \"nope\" (expected one of: users)",
                "18:34: routes[2].aggregate.backends[1].path: \"/u/{id}\" (expected: no {name} references: the "
                        + "route's paths have no common variables)",
                "18:50: routes[2].aggregate.backends[1].key: \"k\" (expected: each key once among the backends)",
                "19:34: routes[2].aggregate.backends[2].path: \"x/../y\" (expected: " + AggregateBinder.PATH_RULE + ")",
                "19:62: routes[2].aggregate.backends[2].forward_headers[0]: \"host\" (expected: a header Portico does "
                        + "not set itself on backend requests)",
                "19:68: routes[2].aggregate.backends[2].forward_headers[1]: \"bad header\" (expected: "
                        + HttpSyntax.TOKEN_RULE + ")",
                "19:90: routes[2].aggregate.backends[2].forward_headers[3]: \"Accept\" (expected: each header once)",
                "20:34: routes[2].aggregate.backends[3].path: \"/a/../b\" (expected: a path without . or .. segments)",
                "21:34: routes[2].aggregate.backends[4].path: \"/a/{x\" (expected: {name} references with matching "
                        + "braces)",
                "22:11: routes[2].aggregate.backends[5].service: missing (expected: a service name)",
                "22:32: routes[2].aggregate.backends[5].optional: \"maybe\" (expected: true or false)",
                "22:39: routes[2].aggregate.backends[5]: unknown key \"colour\" (expected one of: service, path, key, "
                        + "optional, forward_headers)",
                "25:27: routes[3].aggregate.backends: a list (expected: at least one backend)");
    }

    @Test
    void reportsWrongTypes() {
        assertThat(errors(v1("""
                proxy:
                  listen: "0.0.0.0:80"
                  workers: many
                  limits: {header_timeout: abc, max_body_size: 10, idle_timeout: 5}
                  drain_timeout: [1s]
                admin: []
                routes: {}
                """))).containsExactly(
                "3:11: proxy.listen: \"0.0.0.0:80\" (expected: a list of host:port addresses)",
                "4:12: proxy.workers: \"many\" (expected: an integer in 0..1024)",
                "5:28: proxy.limits.header_timeout: \"abc\" (expected: a duration such as 250ms, 5s, 2m)",
                "5:48: proxy.limits.max_body_size: 10 (expected: a size such as 512B, 16KB, 10MB, 1GB)",
                "5:66: proxy.limits.idle_timeout: 5 (expected: a duration such as 250ms, 5s, 2m)",
                "6:18: proxy.drain_timeout: a list (expected: a duration such as 250ms, 5s, 2m)",
                "7:8: admin: a list (expected: a mapping)",
                "8:9: routes: a mapping (expected: a list of routes)");
    }

    @Test
    void reportsOutOfRangeValues() {
        assertThat(errors(v1("""
                proxy:
                  workers: -1
                  limits: {max_header_size: 0KB, header_timeout: 0s}
                upstreams:
                  - name: p
                    targets: [{target: "127.0.0.1:1", weight: 0}, {target: "127.0.0.1:2", weight: 1001}]
                    health_checks:
                      active: {healthy_after: 0, unhealthy_after: 101}
                      passive: {unhealthy_after: 0}
                """))).containsExactly(
                "3:12: proxy.workers: -1 (expected: 0..1024)",
                "4:29: proxy.limits.max_header_size: \"0KB\" (expected: > 0)",
                "4:50: proxy.limits.header_timeout: \"0s\" (expected: > 0)",
                "7:47: upstreams[0].targets[0].weight: 0 (expected: 1..1000)",
                "7:83: upstreams[0].targets[1].weight: 1001 (expected: 1..1000)",
                "9:31: upstreams[0].health_checks.active.healthy_after: 0 (expected: 1..100)",
                "9:51: upstreams[0].health_checks.active.unhealthy_after: 101 (expected: 1..100)",
                "10:34: upstreams[0].health_checks.passive.unhealthy_after: 0 (expected: 1..100)");
    }

    @Test
    void reportsEveryErrorAtOnceSortedByPosition() {
        assertThat(errors("""
                version: 1
                services:
                  - {name: s, url: "http://nowhere/x"}
                routes:
                  - {name: r, paths: [users], service: t}
                proxy: {workers: x}
                """)).containsExactly(
                "3:20: services[0].url: unknown upstream \"nowhere\" (expected host:port to connect directly)",
                "5:23: routes[0].paths[0]: \"users\" (expected: a path starting with /, =/ or ~)",
                "5:40: routes[0].service: unknown service \"t\" (expected one of: s)",
                "6:18: proxy.workers: \"x\" (expected: an integer in 0..1024)");
    }

    @Test
    void formatsErrorsWithSourceLineAndColumn() {
        String yaml = v1("routes:\n  - name: r\n    response: {}\n    paths: [\"/a\", \"users\"]\n");
        try {
            ConfigLoader.parse(yaml, "portico.yaml", ConfigFixtures.NO_ENV, PluginRegistry.empty());
        } catch (ConfigException e) {
            assertThat(e.errors()).extracting(error -> error.format(e.sourceName())).contains(
                    "portico.yaml:5:19: routes[0].paths[1]: \"users\" (expected: a path starting with /, =/ or ~)");
            assertThat(e.errors().get(0)).isEqualTo(new ConfigError("routes[0].paths[1]",
                    "\"users\" (expected: a path starting with /, =/ or ~)", 5, 19));
            return;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void reportsYamlSyntaxErrorsWithPosition() {
        assertThat(errors("version: 1\nroutes: [1, 2\nproxy: {}\n")).containsExactly(
                "3:6: invalid YAML: expected ',' or ']', but got : (while parsing a flow sequence at line 2, column 9)");
        assertThat(errors("")).containsExactly("1:1: empty (expected: a YAML mapping that starts with version: 1)");
        assertThat(errors("- 1\n")).containsExactly("1:1: a list (expected: a mapping)");
        assertThat(errors("version: 1\n---\nversion: 1\n")).containsExactly(
                "3:1: a second YAML document (expected: exactly one document)");
    }

    @Test
    void reportsDuplicateKeysAndUnknownAliases() {
        assertThat(errors(v1("proxy:\n  workers: 1\n  workers: 2\nadmin: *nothing\n"))).containsExactly(
                "4:3: proxy: duplicate key \"workers\" (expected: each key once; first at line 3)",
                "5:8: admin: *nothing (expected: an alias of an anchor defined before it)");
    }

    @Test
    void reportsUnsetEnvironmentVariablesAtTheNode() {
        assertThat(errors(v1("admin:\n  listen: \"0.0.0.0:9080\"\n  token: ${ADMIN_TOKEN}\n"))).containsExactly(
                "4:10: admin.token: \"${ADMIN_TOKEN}\" (expected: environment variable ADMIN_TOKEN to be set, "
                        + "or a default such as ${ADMIN_TOKEN:-value})");
        assertThat(errors(v1("proxy: {listen: [\"${HOST\"]}"))).containsExactly(
                "2:18: proxy.listen[0]: \"${HOST\" (expected: a closing } after ${)");
        assertThat(errors(v1("proxy: {listen: [\"${1X}\"]}"))).containsExactly(
                "2:18: proxy.listen[0]: \"${1X}\" (expected: ${NAME} or ${NAME:-default} where NAME is letters, "
                        + "digits and _)");
        assertThat(errors(v1("proxy: {workers: \"${N}\"}"), Map.of("N", "two"), Set.of())).containsExactly(
                "2:18: proxy.workers: \"two\" (expected: an integer in 0..1024)");
    }

    @Test
    void requiresAnAdminTokenOffLoopback() {
        assertThat(errors(v1("admin: {listen: \"0.0.0.0:9080\"}"))).containsExactly(
                "2:17: admin.token: missing (expected: a token whenever admin.listen is not a loopback address)");
        assertThat(errors(v1("admin: {listen: \"0.0.0.0:9080\", token: \"${T}\"}"), Map.of("T", ""), Set.of()))
                .containsExactly("2:40: admin.token: missing (expected: a token whenever admin.listen is not a "
                        + "loopback address)");
        assertThat(errors(v1("admin: {listen: \"10.0.0.1:9080\", token: \"a b\"}"))).containsExactly(
                "2:41: admin.token: (redacted) (expected: visible ASCII characters without spaces)");
    }

    @Test
    void validatesProxyAddressesAndAccessLog() {
        assertThat(errors(v1("""
                proxy:
                  listen: ["localhost", "0.0.0.0:8080", "0.0.0.0:8080", "[::1]:99999"]
                  trusted_proxies: ["10.0.0.1/8", "example.com", "::1/129", "192.168.0.0/16"]
                  access_log: false
                """))).containsExactly(
                "3:12: proxy.listen[0]: \"localhost\" (expected: host:port)",
                "3:41: proxy.listen[2]: \"0.0.0.0:8080\" (expected: each address once; also at listen[1])",
                "3:57: proxy.listen[3]: \"[::1]:99999\" (expected: host:port)",
                "4:21: proxy.trusted_proxies[0]: \"10.0.0.1/8\" (expected: an IP address or CIDR block such as "
                        + "10.0.0.0/8 or fd00::/8, without host bits set)",
                "4:35: proxy.trusted_proxies[1]: \"example.com\" (expected: an IP address or CIDR block such as "
                        + "10.0.0.0/8 or fd00::/8, without host bits set)",
                "4:50: proxy.trusted_proxies[2]: \"::1/129\" (expected: an IP address or CIDR block such as "
                        + "10.0.0.0/8 or fd00::/8, without host bits set)",
                "5:15: proxy.access_log: false (expected: stdout, off or a file path)");
    }

    @Test
    void validatesUpstreams() {
        assertThat(errors(v1("""
                upstreams:
                  - name: Users Pool
                    algorithm: random
                    hash_on: "header:"
                    targets: []
                  - name: a
                    targets: [{target: "127.0.0.1:1", backup: true}, {weight: 5}, "127.0.0.1:0"]
                  - name: a
                    targets: ["h:1", {target: "H:1"}]
                  - {targets: ["h:1"]}
                """))).containsExactly(
                "3:11: upstreams[0].name: \"Users Pool\" (expected: a name of a-z, 0-9, '.', '_' and '-', at most "
                        + "128 characters)",
                "4:16: upstreams[0].algorithm: \"random\" (expected: one of round-robin, least-connections, "
                        + "consistent-hash, p2c-ewma)",
                "5:14: upstreams[0].hash_on: \"header:\" (expected: ip, consumer, path, header:NAME or cookie:NAME)",
                "6:14: upstreams[0].targets: a list (expected: at least one target)",
                "8:54: upstreams[1].targets[1].target: missing (expected: host:port with a port in 1..65535)",
                "8:67: upstreams[1].targets[2]: \"127.0.0.1:0\" (expected: host:port with a port in 1..65535)",
                "9:11: upstreams[2].name: \"a\" (expected: a unique name; also used by upstreams[1])",
                "10:31: upstreams[2].targets[1].target: \"h:1\" (expected: each target once; also at targets[0])",
                "11:5: upstreams[3].name: missing (expected: a name of a-z, 0-9, '.', '_' and '-', at most 128 "
                        + "characters)");
    }

    @Test
    void requiresAPrimaryTarget() {
        assertThat(errors(v1("upstreams:\n  - name: p\n    targets: [{target: \"h:1\", backup: true}]\n")))
                .containsExactly("4:14: upstreams[0].targets: only backup targets (expected: at least one target "
                        + "without backup: true)");
    }

    @Test
    void validatesHealthChecks() {
        assertThat(errors(v1("""
                upstreams:
                  - name: p
                    targets: ["h:1"]
                    health_checks:
                      active: {path: health, interval: 2s, timeout: 2s}
                      passive: {on: [connect-failure, 302, 5xx, 600, boom], eject_for: 10}
                  - name: q
                    targets: ["h:1"]
                    health_checks: {active: {interval: 500ms}, passive: {on: []}}
                """))).containsExactly(
                "6:22: upstreams[0].health_checks.active.path: \"health\" (expected: a path starting with / (a query "
                        + "is allowed))",
                "6:53: upstreams[0].health_checks.active.timeout: \"2s\" (expected: < interval 2s)",
                "7:39: upstreams[0].health_checks.passive.on[1]: 302 (expected: connect-failure, timeout, reset, 5xx "
                        + "or a status 400..599)",
                "7:49: upstreams[0].health_checks.passive.on[3]: 600 (expected: connect-failure, timeout, reset, 5xx "
                        + "or a status 400..599)",
                "7:54: upstreams[0].health_checks.passive.on[4]: \"boom\" (expected: connect-failure, timeout, reset, "
                        + "5xx or a status 400..599)",
                "7:72: upstreams[0].health_checks.passive.eject_for: 10 (expected: a duration such as 250ms, 5s, 2m)",
                "10:40: upstreams[1].health_checks.active.interval: \"500ms\" (expected: > timeout 1s)",
                "10:62: upstreams[1].health_checks.passive.on: a list (expected: at least one of connect-failure, "
                        + "timeout, reset, 5xx or a status 400..599)");
    }

    @Test
    void validatesServiceUrls() {
        assertThat(errors(v1("""
                upstreams: [{name: pool, targets: ["h:1"]}, {name: other, targets: ["h:2"]}]
                services:
                  - {name: a, url: "https://pool"}
                  - {name: b, url: "http://pool:8080/api"}
                  - {name: c, url: "http://poll/api"}
                  - {name: d, url: "http://u:p@h:1"}
                  - {name: e, url: "http://h:1/a?b=c"}
                  - {name: f, url: "http://h:1/a//b"}
                  - {name: g, url: "http://h:0"}
                  - {name: h}
                  - {name: a, url: "http://h:1"}
                """))).containsExactly(
                "4:20: services[0].url: \"https://pool\" (expected: http://HOST[:PORT][/path] (only http is supported))",
                "5:20: services[1].url: \"http://pool:8080/api\" (expected: no port, because pool names an upstream)",
                "6:20: services[2].url: unknown upstream \"poll\" (expected one of: other, pool; or host:port to "
                        + "connect directly)",
                "7:20: services[3].url: \"http://u:p@h:1\" (expected: http://HOST[:PORT][/path] without user "
                        + "information)",
                "8:20: services[4].url: \"http://h:1/a?b=c\" (expected: http://HOST[:PORT][/path] without query or "
                        + "fragment)",
                "9:20: services[5].url: \"http://h:1/a//b\" (expected: http://HOST[:PORT][/path] with a normalized "
                        + "path without empty segments (//))",
                "10:20: services[6].url: \"http://h:0\" (expected: http://HOST[:PORT][/path] with a port in 1..65535)",
                "11:5: services[7].url: missing (expected: http://HOST[:PORT][/path])",
                "12:12: services[8].name: \"a\" (expected: a unique name; also used by services[0])");
    }

    @Test
    void validatesRetries() {
        assertThat(errors(v1("""
                services:
                  - name: s
                    url: "http://h:1"
                    connect_timeout: 0ms
                    retries: {attempts: 11, on: [reset, 5xx, 499], budget_percent: 101, min_retries_per_second: -1}
                  - {name: t, url: "http://h:1", retries: {on: [timeout]}}
                """))).containsExactly(
                "5:22: services[0].connect_timeout: \"0ms\" (expected: > 0)",
                "6:25: services[0].retries.attempts: 11 (expected: 0..10)",
                "6:68: services[0].retries.budget_percent: 101 (expected: 0..100)",
                "6:97: services[0].retries.min_retries_per_second: -1 (expected: >= 0)",
                "7:43: services[1].retries.attempts: missing (expected: 0..10)");
    }

    @Test
    void validatesRouteTargets() {
        assertThat(errors(v1("""
                services: [{name: s, url: "http://h:1"}]
                routes:
                  - {name: both, paths: [/a], service: s, response: {}}
                  - {name: none, paths: [/b]}
                  - {name: status, paths: [/c], response: {status: 99, body: [x], headers: {"bad header": x, ok: "a\\nb"}}}
                  - {name: nopaths, paths: [], service: s}
                  - {name: nothing, service: s}
                """))).containsExactly(
                "4:5: routes[0]: both service and response (expected: exactly one of service, response and aggregate)",
                "5:5: routes[1]: missing service, response or aggregate (expected: exactly one of service, response "
                        + "and aggregate)",
                "6:52: routes[2].response.status: 99 (expected: 100..599)",
                "6:62: routes[2].response.body: a list (expected: text)",
                "6:77: routes[2].response.headers: \"bad header\" (expected: a header name of letters, digits and "
                        + "!#$%&'*+-.^_`|~)",
                "6:98: routes[2].response.headers.ok: \"a\\nb\" (expected: a header value without control characters)",
                "7:28: routes[3].paths: a list (expected: at least one path)",
                "8:5: routes[4].paths: missing (expected: a list of paths such as [\"/users\"])");
    }

    @Test
    void validatesRouteHostsMethodsAndHeaders() {
        assertThat(errors(v1("""
                routes:
                  - name: r
                    paths: [/]
                    response: {}
                    hosts: ["*", "api.*.com", "a*.b", "api.example.com:8080", "API.example.com", "api.example.com"]
                    methods: [GET, FETCH, get]
                    headers: {X-A: "1", x-a: "2", "x y": "3", x-b: [], x-c: {a: b}}
                """))).containsExactly(
                "6:13: routes[0].hosts[0]: \"*\" (expected: a host name such as api.example.com, or a leading "
                        + "wildcard such as *.example.org)",
                "6:18: routes[0].hosts[1]: \"api.*.com\" (expected: a host name such as api.example.com, or a leading "
                        + "wildcard such as *.example.org)",
                "6:31: routes[0].hosts[2]: \"a*.b\" (expected: a host name such as api.example.com, or a leading "
                        + "wildcard such as *.example.org)",
                "6:39: routes[0].hosts[3]: \"api.example.com:8080\" (expected: a host without a port (hosts match "
                        + "whatever the port))",
                "6:82: routes[0].hosts[5]: \"api.example.com\" (expected: each of the hosts once)",
                "7:20: routes[0].methods[1]: \"FETCH\" (expected: one of GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS, "
                        + "TRACE)",
                "7:27: routes[0].methods[2]: \"get\" (expected: each of the methods once)",
                "8:25: routes[0].headers: \"x-a\" (expected: each header once, whatever its case)",
                "8:35: routes[0].headers: \"x y\" (expected: a header name of letters, digits and !#$%&'*+-.^_`|~)",
                "8:52: routes[0].headers.x-b: a list (expected: at least one value)",
                "8:61: routes[0].headers.x-c: a mapping (expected: a header value)");
    }

    @Test
    void validatesRoutePaths() {
        assertThat(errors(v1("""
                routes:
                  - name: r
                    response: {}
                    paths:
                      - users
                      - /a//b
                      - /a/./b
                      - /a/../b
                      - /a%2Fb
                      - /a%2fb
                      - "/a\\\\b"
                      - /a;b
                      - /a b
                      - /%41
                      - /a%zz
                      - /a?b
                      - /é
                      - /a|b
                      - "=/users/{id}"
                      - "=users"
                      - /users/x{id}
                      - /users/{1d}
                      - /users/{id}/{id}
                      - /users/{}
                      - "~"
                      - "~^/u/(\\\\d+$"
                      - /ok/{id}/x
                """)).stream().map(e -> e.substring(e.indexOf("(expected: ")))).containsExactly(
                "(expected: a path starting with /, =/ or ~)",
                "(expected: a normalized path without empty segments (//))",
                "(expected: a normalized path without . or .. segments)",
                "(expected: a normalized path without . or .. segments)",
                "(expected: a normalized path without encoded slashes (%2F, %5C))",
                "(expected: a normalized path without encoded slashes (%2F, %5C))",
                "(expected: a normalized path without backslashes)",
                "(expected: a normalized path without ;)",
                "(expected: a normalized path without spaces or control characters)",
                "(expected: a normalized path where %41 is written as A)",
                "(expected: a normalized path where % starts a two-digit hex escape)",
                "(expected: a path without query or fragment)",
                "(expected: a normalized path with non-ASCII characters percent-encoded as UTF-8)",
                "(expected: a normalized path where | is percent-encoded)",
                "(expected: a literal path without { or } (parameters are for template paths only))",
                "(expected: a path starting with /, =/ or ~)",
                "(expected: a {name} parameter that fills a whole segment)",
                "(expected: a parameter name of letters, digits and _ that does not start with a digit)",
                "(expected: unique parameter names ({id} appears twice))",
                "(expected: a parameter name of letters, digits and _ that does not start with a digit)",
                "(expected: a regular expression after ~)",
                "(expected: a valid regular expression; Unclosed group near index 9)");
    }

    @Test
    void pointsPathErrorsAtTheirListItem() {
        assertThat(errors(v1("routes:\n  - name: r\n    response: {}\n    paths:\n      - /ok\n      - /a//b\n")))
                .containsExactly("7:9: routes[0].paths[1]: \"/a//b\" (expected: a normalized path without empty "
                        + "segments (//))");
    }

    @Test
    void rejectsIdenticalMatchCriteriaOnTheLaterRoute() {
        assertThat(errors(v1("""
                routes:
                  - {name: a, paths: [/x], response: {}}
                  - {name: users, paths: [/y, /z], methods: [GET, POST], hosts: [a.b], headers: {x: ["1", "2"]},
                     response: {}}
                  - {name: c, paths: [/x], priority: 0, response: {status: 204}}
                  - {name: d, paths: [/z, /y], methods: [post, GET], hosts: [A.B], headers: {X: ["2", "1"]},
                     service: s}
                services: [{name: s, url: "http://h:1"}]
                """))).containsExactly(
                "6:5: routes[2]: same match criteria as routes[0] \"a\" (expected: unique hosts, paths, methods and "
                        + "headers, a priority to break the tie, or a weight on every one of them)",
                "7:5: routes[3]: same match criteria as routes[1] \"users\" (expected: unique hosts, paths, methods and "
                        + "headers, a priority to break the tie, or a weight on every one of them)");
    }

    @Test
    void acceptsIdenticalMatchCriteriaWhenEveryRouteHasAWeight() throws ConfigException {
        assertThat(ConfigFixtures.parse(v1("""
                routes:
                  - {name: stable, paths: [/x], weight: 90, response: {}}
                  - {name: canary, paths: [/x], weight: 10, response: {}}
                  - {name: dark, paths: [/x], weight: 0, response: {}}
                  - {name: alone, paths: [/y], weight: 5, response: {}}
                """)).routes()).extracting(RouteSpec::weight).containsExactly(90, 10, 0, 5);
    }

    @Test
    void rejectsIdenticalMatchCriteriaWhenARouteHasNoWeight() {
        assertThat(errors(v1("""
                routes:
                  - {name: stable, paths: [/x], response: {}}
                  - {name: canary, paths: [/x], weight: 10, response: {}}
                  - {name: b1, paths: [/y], weight: 10, response: {}}
                  - {name: b2, paths: [/y], response: {}}
                """))).containsExactly(
                "4:5: routes[1]: same match criteria as routes[0] \"stable\" (expected: unique hosts, paths, methods "
                        + "and headers, a priority to break the tie, or a weight on every one of them)",
                "6:5: routes[3]: same match criteria as routes[2] \"b1\" (expected: unique hosts, paths, methods "
                        + "and headers, a priority to break the tie, or a weight on every one of them)");
    }

    @Test
    void rejectsWeightsOutOfRangeAndSplitsWithoutTraffic() {
        assertThat(errors(v1("""
                routes:
                  - {name: a, paths: [/x], weight: 1001, response: {}}
                  - {name: b, paths: [/y], weight: -1, response: {}}
                  - {name: c, paths: [/z], weight: 0, response: {}}
                  - {name: d, paths: [/z], weight: 0, response: {}}
                """))).containsExactly(
                "3:36: routes[0].weight: 1001 (expected: 0..1000)",
                "4:36: routes[1].weight: -1 (expected: 0..1000)",
                "6:36: routes[3].weight: 0 (expected: a weight > 0 on at least one of the routes with these match "
                        + "criteria)");
    }

    @Test
    void rejectsHeaderPatternsThatDoNotCompile() {
        assertThat(errors(v1("""
                routes:
                  - {name: a, paths: [/x], headers: {accept: ["~vnd(", "~"]}, response: {}}
                """))).containsExactly(
                "3:47: routes[0].headers.accept[0]: \"~vnd(\" (expected: a valid regular expression; Unclosed group "
                        + "near index 4)",
                "3:56: routes[0].headers.accept[1]: \"~\" (expected: a regular expression after ~)");
    }

    @Test
    void rejectsDuplicateRouteNames() {
        assertThat(errors(v1("routes:\n  - {name: a, paths: [/x], response: {}}\n  - {name: a, paths: [/y], "
                + "response: {}}\n"))).containsExactly(
                "4:12: routes[1].name: \"a\" (expected: a unique name; also used by routes[0])");
    }

    @Test
    void rejectsUnknownPlugins() {
        String yaml = v1("""
                plugins: [{name: rate-limiting}]
                routes:
                  - name: r
                    paths: [/]
                    response: {}
                    plugins:
                      - {name: key-auth, config: [1], priority: high, enabled: maybe}
                      - {name: key-auth}
                      - {config: {}}
                """);
        assertThat(errors(yaml)).containsExactly(
                "2:18: plugins[0].name: unknown plugin \"rate-limiting\"",
                "8:16: routes[0].plugins[0].name: unknown plugin \"key-auth\"",
                "8:34: routes[0].plugins[0].config: a list (expected: a mapping)",
                "8:49: routes[0].plugins[0].priority: \"high\" (expected: an integer)",
                "8:64: routes[0].plugins[0].enabled: \"maybe\" (expected: true or false)",
                "9:16: routes[0].plugins[1].name: unknown plugin \"key-auth\"",
                "10:9: routes[0].plugins[2].name: missing (expected: a plugin name)");
        assertThat(errors(yaml, Map.of(), Set.of("key-auth", "cors"))).containsExactly(
                "2:18: plugins[0].name: unknown plugin \"rate-limiting\" (expected one of: cors, key-auth)",
                "8:34: routes[0].plugins[0].config: a list (expected: a mapping)",
                "8:49: routes[0].plugins[0].priority: \"high\" (expected: an integer)",
                "8:64: routes[0].plugins[0].enabled: \"maybe\" (expected: true or false)",
                "9:16: routes[0].plugins[1].name: \"key-auth\" (expected: each plugin once per list; also at "
                        + "plugins[0])",
                "10:9: routes[0].plugins[2].name: missing (expected: a plugin name)");
    }
}
