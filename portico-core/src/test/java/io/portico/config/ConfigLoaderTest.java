package io.portico.config;

import static io.portico.config.ConfigFixtures.parse;
import static io.portico.config.ConfigFixtures.v1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.plugin.PluginRegistry;
import io.portico.testing.OpaquePluginType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @Test
    void fillsEveryDefaultForAMinimalFile() throws Exception {
        PorticoSpec spec = parse("version: 1\n");

        assertThat(spec.version()).isEqualTo(1);
        assertThat(spec.proxy()).isEqualTo(new ProxySpec(Defaults.PROXY_LISTEN, List.of(), Defaults.LIMITS,
                Defaults.ACCESS_LOG, Defaults.WORKERS, Defaults.DRAIN_TIMEOUT,
                Defaults.LATENCY_HEADERS));
        assertThat(spec.admin()).isEqualTo(new AdminSpec(Defaults.ADMIN_LISTEN, null));
        assertThat(spec.upstreams()).isEmpty();
        assertThat(spec.services()).isEmpty();
        assertThat(spec.routes()).isEmpty();
        assertThat(spec.plugins()).isEmpty();
    }

    @Test
    void treatsNullSectionsAsAbsent() throws Exception {
        PorticoSpec spec = parse(v1("proxy:\nadmin: ~\nroutes:\n"));

        assertThat(spec.proxy().limits()).isEqualTo(Defaults.LIMITS);
        assertThat(spec.admin().listen()).isEqualTo(Defaults.ADMIN_LISTEN);
        assertThat(spec.routes()).isEmpty();
    }

    @Test
    void bindsTheProxySection() throws Exception {
        PorticoSpec spec = parse(v1("""
                proxy:
                  listen: ["0.0.0.0:8080", "[::1]:8081"]
                  trusted_proxies: ["10.0.0.0/8", "::1"]
                  limits: {max_request_line_size: 4KB, max_header_size: 512B, max_body_size: 1GB,
                           header_timeout: 1m30s, idle_timeout: 250ms}
                  access_log: /var/log/portico/access.log
                  workers: 4
                  drain_timeout: 1h
                """));

        ProxySpec proxy = spec.proxy();
        assertThat(proxy.listen()).containsExactly(new HostPort("0.0.0.0", 8080), new HostPort("::1", 8081));
        assertThat(proxy.trustedProxies()).containsExactly("10.0.0.0/8", "::1");
        assertThat(proxy.limits()).isEqualTo(new LimitsSpec(DataSize.ofKilobytes(4), DataSize.ofBytes(512),
                DataSize.ofBytes(1L << 30), Duration.ofSeconds(90), Duration.ofMillis(250)));
        assertThat(proxy.accessLog()).isEqualTo(new AccessLogSpec.File(Path.of("/var/log/portico/access.log")));
        assertThat(proxy.workers()).isEqualTo(4);
        assertThat(proxy.drainTimeout()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void readsUnquotedOffAsAccessLogOff() throws Exception {
        assertThat(parse(v1("proxy: {access_log: off}")).proxy().accessLog()).isEqualTo(new AccessLogSpec.Off());
        assertThat(parse(v1("proxy: {access_log: \"off\"}")).proxy().accessLog()).isEqualTo(new AccessLogSpec.Off());
        assertThat(parse(v1("proxy: {access_log: stdout}")).proxy().accessLog())
                .isEqualTo(new AccessLogSpec.Stdout());
    }

    @Test
    void bindsUpstreamsWithDefaults() throws Exception {
        PorticoSpec spec = parse(v1("""
                upstreams:
                  - name: pool
                    targets:
                      - {target: "127.0.0.1:9001"}
                      - "Backend.Local:9002"
                      - {target: "127.0.0.1:9003", weight: 7, backup: true}
                    health_checks:
                      active: {}
                      passive: {}
                """));

        UpstreamSpec pool = spec.upstreams().get(0);
        assertThat(pool.algorithm()).isEqualTo(UpstreamSpec.Algorithm.ROUND_ROBIN);
        assertThat(pool.hashOn()).isEqualTo(HashOnSpec.IP);
        assertThat(pool.targets()).containsExactly(
                new TargetSpec(new HostPort("127.0.0.1", 9001), Defaults.TARGET_WEIGHT, false),
                new TargetSpec(new HostPort("backend.local", 9002), Defaults.TARGET_WEIGHT, false),
                new TargetSpec(new HostPort("127.0.0.1", 9003), 7, true));
        assertThat(pool.healthChecks().active()).isEqualTo(new ActiveHealthCheckSpec(Defaults.HEALTH_CHECK_PATH,
                Defaults.HEALTH_CHECK_INTERVAL, Defaults.HEALTH_CHECK_TIMEOUT, Defaults.HEALTHY_AFTER,
                Defaults.UNHEALTHY_AFTER));
        assertThat(pool.healthChecks().passive()).isEqualTo(new PassiveHealthCheckSpec(
                Defaults.PASSIVE_UNHEALTHY_AFTER, Defaults.PASSIVE_FAILURES, Defaults.EJECT_FOR));
    }

    @Test
    void leavesHealthChecksOffWhenAbsent() throws Exception {
        PorticoSpec spec = parse(v1("upstreams: [{name: p, targets: [\"127.0.0.1:1\"]}]"));

        assertThat(spec.upstreams().get(0).healthChecks()).isEqualTo(HealthChecksSpec.NONE);
    }

    @Test
    void bindsHashOnAndFailureConditions() throws Exception {
        PorticoSpec spec = parse(v1("""
                upstreams:
                  - name: a
                    algorithm: consistent-hash
                    hash_on: header:X-User
                    targets: ["127.0.0.1:1"]
                    health_checks:
                      passive: {unhealthy_after: 1, on: [reset, 5xx, 429, "404"], eject_for: 2m}
                  - {name: b, algorithm: consistent-hash, hash_on: "cookie:Sid", targets: ["127.0.0.1:2"]}
                  - {name: c, algorithm: least-connections, hash_on: path, targets: ["127.0.0.1:3"]}
                  - {name: d, algorithm: p2c-ewma, hash_on: consumer, targets: ["127.0.0.1:4"]}
                """));

        UpstreamSpec a = spec.upstreams().get(0);
        assertThat(a.hashOn()).isEqualTo(new HashOnSpec(HashOnSpec.Kind.HEADER, "x-user"));
        assertThat(a.healthChecks().passive()).isEqualTo(new PassiveHealthCheckSpec(1,
                new FailureConditions(false, false, true, true, Set.of(429, 404)), Duration.ofMinutes(2)));
        assertThat(spec.upstreams().get(1).hashOn()).isEqualTo(new HashOnSpec(HashOnSpec.Kind.COOKIE, "Sid"));
        assertThat(spec.upstreams().get(2).algorithm()).isEqualTo(UpstreamSpec.Algorithm.LEAST_CONNECTIONS);
        assertThat(spec.upstreams().get(2).hashOn()).isEqualTo(new HashOnSpec(HashOnSpec.Kind.PATH, null));
        assertThat(spec.upstreams().get(3).algorithm()).isEqualTo(UpstreamSpec.Algorithm.P2C_EWMA);
        assertThat(spec.upstreams().get(3).hashOn()).isEqualTo(new HashOnSpec(HashOnSpec.Kind.CONSUMER, null));
    }

    @Test
    void bindsServicesAndTheirUrls() throws Exception {
        PorticoSpec spec = parse(v1("""
                upstreams: [{name: pool, targets: ["127.0.0.1:1"]}]
                services:
                  - {name: a, url: "http://pool/api/"}
                  - {name: b, url: "HTTP://Example.COM:8080/", retries: {attempts: 3}}
                  - name: c
                    url: "http://[::1]:9000"
                    connect_timeout: 100ms
                    read_timeout: 2s
                    retries: {attempts: 0, on: [timeout], budget_percent: 0, min_retries_per_second: 0}
                """));

        ServiceSpec a = spec.services().get(0);
        assertThat(a.url()).isEqualTo(new ServiceUrl("http", "pool", -1, "/api"));
        assertThat(a.connectTimeout()).isEqualTo(Defaults.CONNECT_TIMEOUT);
        assertThat(a.readTimeout()).isEqualTo(Defaults.READ_TIMEOUT);
        assertThat(a.retries()).isSameAs(RetrySpec.NONE);
        ServiceSpec b = spec.services().get(1);
        assertThat(b.url()).isEqualTo(new ServiceUrl("http", "example.com", 8080, ""));
        assertThat(b.retries()).isEqualTo(new RetrySpec(3, Defaults.RETRY_ON, Defaults.RETRY_BUDGET_PERCENT,
                Defaults.MIN_RETRIES_PER_SECOND));
        ServiceSpec c = spec.services().get(2);
        assertThat(c.url()).isEqualTo(new ServiceUrl("http", "::1", 9000, ""));
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.retries()).isEqualTo(new RetrySpec(0,
                new FailureConditions(false, true, false, false, Set.of()), 0, 0));
    }

    @Test
    void bindsRoutesWithDefaultsAndNormalizedCase() throws Exception {
        PorticoSpec spec = parse(v1("""
                services: [{name: s, url: "http://127.0.0.1:1"}]
                routes:
                  - name: r
                    hosts: [API.Example.com, "*.Example.org"]
                    paths: ["/users", "=/users/me", "/users/{id}", "~^/u/\\\\d+$"]
                    methods: [get, Post]
                    headers: {X-Api-Version: ["1", 2], x-tenant: acme}
                    service: s
                  - name: static
                    paths: ["=/status"]
                    strip_path: false
                    preserve_host: true
                    priority: -5
                    response: {status: 204, headers: {Content-Type: text/plain}}
                """));

        RouteSpec r = spec.routes().get(0);
        assertThat(r.hosts()).containsExactly("api.example.com", "*.example.org");
        assertThat(r.paths()).containsExactly("/users", "=/users/me", "/users/{id}", "~^/u/\\d+$");
        assertThat(r.methods()).containsExactly("GET", "POST");
        assertThat(r.headers()).isEqualTo(Map.of("x-api-version", List.of("1", "2"), "x-tenant", List.of("acme")));
        assertThat(r.service()).isEqualTo("s");
        assertThat(r.response()).isNull();
        assertThat(r.stripPath()).isTrue();
        assertThat(r.preserveHost()).isFalse();
        assertThat(r.priority()).isZero();
        assertThat(r.index()).isZero();
        RouteSpec status = spec.routes().get(1);
        assertThat(status.response()).isEqualTo(new ResponseSpec(204, "", Map.of("content-type", "text/plain")));
        assertThat(status.service()).isNull();
        assertThat(status.stripPath()).isFalse();
        assertThat(status.preserveHost()).isTrue();
        assertThat(status.priority()).isEqualTo(-5);
        assertThat(status.index()).isEqualTo(1);
    }

    @Test
    void defaultsResponseStatusTo200() throws Exception {
        PorticoSpec spec = parse(v1("routes: [{name: r, paths: [/], response: {body: hi}}]"));

        assertThat(spec.routes().get(0).response()).isEqualTo(new ResponseSpec(200, "hi", Map.of()));
    }

    @Test
    void acceptsRoutesThatDifferOnlyInPriorityOrOneCriterion() throws Exception {
        PorticoSpec spec = parse(v1("""
                routes:
                  - {name: a, paths: [/x], response: {}}
                  - {name: b, paths: [/x], priority: 1, response: {}}
                  - {name: c, paths: [/x], methods: [GET], response: {}}
                  - {name: d, paths: [/x], headers: {x-a: "1"}, response: {}}
                  - {name: e, paths: [/x], headers: {x-a: "2"}, response: {}}
                  - {name: f, paths: [/x], hosts: [a.example], response: {}}
                """));

        assertThat(spec.routes()).extracting(RouteSpec::name).containsExactly("a", "b", "c", "d", "e", "f");
    }

    @Test
    void bindsKnownPluginsAtEveryLevelAndDropsDisabledOnes() throws Exception {
        PorticoSpec spec = parse(v1("""
                services:
                  - name: s
                    url: "http://127.0.0.1:1"
                    plugins: [{name: cors, config: {origins: ["*"], max_age: 600, credentials: off}}]
                routes:
                  - name: r
                    paths: [/]
                    service: s
                    plugins:
                      - {name: key-auth, priority: 5}
                      - {name: cors, enabled: false}
                plugins:
                  - name: key-auth
                    config: {key_names: [apikey], hide: null, ratio: 0.5, big: 99999999999}
                """), Set.of("cors", "key-auth"));

        Map<String, Object> cors = Map.of("origins", List.of("*"), "max_age", 600, "credentials", false);
        assertThat(spec.services().get(0).plugins()).containsExactly(new PluginSpec("cors", cors, null, null, cors));
        assertThat(spec.routes().get(0).plugins()).containsExactly(new PluginSpec("key-auth", Map.of(), 5, null, Map.of()));
        Map<String, Object> keyAuth = Map.of("key_names", List.of("apikey"), "ratio", 0.5, "big", 99999999999L);
        assertThat(spec.plugins()).containsExactly(new PluginSpec("key-auth", keyAuth, null, null, keyAuth));
    }

    @Test
    void resolvesAnchorsAndAliases() throws Exception {
        PorticoSpec spec = parse(v1("""
                upstreams:
                  - name: a
                    targets: &targets ["127.0.0.1:1", "127.0.0.1:2"]
                  - name: b
                    targets: *targets
                """));

        assertThat(spec.upstreams().get(1).targets()).isEqualTo(spec.upstreams().get(0).targets());
    }

    @Test
    void expandsEnvironmentVariablesInAnyScalar() throws Exception {
        PorticoSpec spec = parseWithEnv(v1("""
                proxy:
                  listen: ["${HOST:-0.0.0.0}:${PORT}"]
                  workers: ${WORKERS}
                  limits: {header_timeout: "${TIMEOUT:-3s}"}
                admin: {listen: "0.0.0.0:9080", token: "${TOKEN}"}
                upstreams: [{name: p, targets: [{target: "127.0.0.1:1", backup: "${BACKUP:-false}"}]}]
                plugins: [{name: x, config: {secret: "${SECRET}", literal: "$${NOT_A_VAR}"}}]
                """), Map.of("PORT", "8000", "WORKERS", "3", "TOKEN", "t0k3n", "SECRET", "s"));

        assertThat(spec.proxy().listen()).containsExactly(new HostPort("0.0.0.0", 8000));
        assertThat(spec.proxy().workers()).isEqualTo(3);
        assertThat(spec.proxy().limits().headerTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(spec.admin().token()).isEqualTo("t0k3n");
        assertThat(spec.upstreams().get(0).targets().get(0).backup()).isFalse();
        assertThat(spec.plugins().get(0).config()).isEqualTo(Map.of("secret", "s", "literal", "${NOT_A_VAR}"));
    }

    private static PorticoSpec parseWithEnv(String yaml, Map<String, String> env) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", env::get, OpaquePluginType.registry(Set.of("x")));
    }

    @Test
    void treatsAnEmptyTokenExpansionAsNoToken() throws Exception {
        PorticoSpec spec = ConfigFixtures.parse(v1("admin: {token: \"${TOKEN}\"}"), Map.of("TOKEN", ""));

        assertThat(spec.admin().token()).isNull();
    }

    @Test
    void namesTheFileAsGivenInErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "version: 2\n");

        assertThatThrownBy(() -> ConfigLoader.load(file, PluginRegistry.empty()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.sourceName()).isEqualTo(file.toString());
                    assertThat(e.getMessage()).isEqualTo("1 error in " + file + System.lineSeparator()
                            + "  " + file + ":1:10: version: 2 (expected: 1)");
                });
    }
}
