package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Health checks seen through the proxy: where traffic goes while active checks fail and after they
 * recover, passive ejection and its end, and backups taking over only when every primary is down.
 */
class HealthCheckIT {

    private static final String ACTIVE = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            upstreams:
              - name: pool
                targets: TARGET_LIST
                health_checks:
                  active: {interval: 200ms, timeout: 150ms, healthy_after: 1, unhealthy_after: 1}
            services: [{name: svc, url: "http://pool"}]
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private static final Duration HEALTH_FLIP = Duration.ofSeconds(3);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    private TestOrigin origin() {
        TestOrigin origin = TestOrigin.start();
        resources.add(origin);
        return origin;
    }

    private GatewayFixture portico(String yaml, String targets) throws Exception {
        // Variables expand to scalars only, so the target list goes in as YAML text.
        GatewayFixture portico = GatewayFixture.start(yaml.replace("TARGET_LIST", targets), Map.of());
        resources.add(portico);
        return portico;
    }

    private static String address(TestOrigin origin) {
        return "127.0.0.1:" + origin.port();
    }

    private static void sendRequests(GatewayFixture portico, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            assertThat(portico.get("/api/" + i).statusCode()).isLessThan(600);
        }
    }

    private static void forget(TestOrigin... origins) {
        for (TestOrigin origin : origins) {
            origin.clearRequests();
        }
    }

    @Test
    void sendsNoTrafficToATargetThatFailsActiveChecksUntilItRecovers() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        GatewayFixture portico = portico(ACTIVE, "[\"" + address(a) + "\", \"" + address(b) + "\"]");

        sendRequests(portico, 10);
        assertThat(a.requests("/api")).isNotEmpty();
        assertThat(b.requests("/api")).isNotEmpty();

        a.healthy(false);
        Awaitility.await().atMost(HEALTH_FLIP).until(() -> !portico.isHealthy("pool", address(a)));
        forget(a, b);
        sendRequests(portico, 10);
        assertThat(a.requests("/api")).isEmpty();
        assertThat(b.requests("/api")).hasSize(10);

        a.healthy(true);
        Awaitility.await().atMost(HEALTH_FLIP).until(() -> portico.isHealthy("pool", address(a)));
        forget(a, b);
        sendRequests(portico, 10);
        assertThat(a.requests("/api")).hasSize(5);
        assertThat(b.requests("/api")).hasSize(5);
    }

    @Test
    void ejectsATargetThatKeepsFailingAndTakesItBackAfterEjectFor() throws Exception {
        TestOrigin failing = origin();
        TestOrigin good = origin();
        failing.otherwise(Reply.status(503).body("overloaded"));
        GatewayFixture portico = portico("""
                version: 1
                proxy: {listen: ["127.0.0.1:0"]}
                upstreams:
                  - name: pool
                    targets: TARGET_LIST
                    health_checks:
                      passive: {unhealthy_after: 2, on: [503], eject_for: 1s}
                services: [{name: svc, url: "http://pool"}]
                routes: [{name: all, paths: ["/"], service: svc}]
                """, "[\"" + address(failing) + "\", \"" + address(good) + "\"]");

        // Round-robin alternates: four requests give the failing target its two consecutive 503s.
        sendRequests(portico, 4);
        assertThat(failing.requests("/api")).hasSize(2);
        assertThat(portico.isHealthy("pool", address(failing))).as("ejected").isFalse();
        long ejectedAt = System.nanoTime();

        forget(failing, good);
        sendRequests(portico, 6);
        assertThat(failing.requests("/api")).isEmpty();
        assertThat(good.requests("/api")).hasSize(6);

        failing.otherwise(Reply.echo());
        Awaitility.await().atMost(HEALTH_FLIP).pollInterval(Duration.ofMillis(20))
                .until(() -> portico.isHealthy("pool", address(failing)));
        assertThat(Duration.ofNanos(System.nanoTime() - ejectedAt)).isGreaterThan(Duration.ofMillis(800));
        forget(failing, good);
        sendRequests(portico, 6);
        assertThat(failing.requests("/api")).hasSize(3);
        assertThat(good.requests("/api")).hasSize(3);
    }

    @Test
    void usesTheBackupOnlyWhenEveryPrimaryIsDown() throws Exception {
        TestOrigin a = origin();
        TestOrigin b = origin();
        TestOrigin backup = origin();
        GatewayFixture portico = portico(ACTIVE, "[\"" + address(a) + "\", \"" + address(b) + "\", "
                + "{target: \"" + address(backup) + "\", backup: true}]");

        sendRequests(portico, 6);
        assertThat(backup.requests("/api")).isEmpty();

        a.healthy(false);
        Awaitility.await().atMost(HEALTH_FLIP).until(() -> !portico.isHealthy("pool", address(a)));
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(b.requests("/api")).hasSize(6);
        assertThat(backup.requests("/api")).isEmpty();

        b.healthy(false);
        Awaitility.await().atMost(HEALTH_FLIP).until(() -> !portico.isHealthy("pool", address(b)));
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(backup.requests("/api")).hasSize(6);
        assertThat(a.requests("/api")).isEmpty();
        assertThat(b.requests("/api")).isEmpty();

        a.healthy(true);
        Awaitility.await().atMost(HEALTH_FLIP).until(() -> portico.isHealthy("pool", address(a)));
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(a.requests("/api")).hasSize(6);
        assertThat(backup.requests("/api")).isEmpty();
    }
}
