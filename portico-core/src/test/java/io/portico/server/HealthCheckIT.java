package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
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

    /**
     * One check decides; the timeout is generous because on a loaded 2-core machine a probe of a healthy
     * origin can take over 150 ms (the JVM warming up, other builds), and would flip it.
     */
    private static final String ACTIVE = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            upstreams:
              - name: pool
                targets: TARGET_LIST
                health_checks:
                  active: {interval: 500ms, timeout: 400ms, healthy_after: 1, unhealthy_after: 1}
            services: [{name: svc, url: "http://pool"}]
            routes: [{name: all, paths: ["/"], service: svc}]
            """;

    private static final Duration EJECT_FOR = Duration.ofSeconds(1);

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

    /**
     * The first checks run while the JVM warms up: start once every target answered a check (a second check
     * began, so the first one's result is in; checks of a target never overlap) and is in rotation.
     */
    private static void awaitInRotation(GatewayFixture portico, TestOrigin... origins) {
        for (TestOrigin origin : origins) {
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> origin.requests(TestOrigin.HEALTH_PATH).size() >= 2);
            portico.awaitHealth("pool", address(origin), true);
        }
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
        awaitInRotation(portico, a, b);

        sendRequests(portico, 10);
        assertThat(a.requests("/api")).isNotEmpty();
        assertThat(b.requests("/api")).isNotEmpty();

        a.healthy(false);
        portico.awaitHealth("pool", address(a), false);
        forget(a, b);
        sendRequests(portico, 10);
        assertThat(a.requests("/api")).isEmpty();
        assertThat(b.requests("/api")).hasSize(10);

        a.healthy(true);
        portico.awaitHealth("pool", address(a), true);
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

        // Round-robin alternates: within four requests the failing target gets its two consecutive 503s.
        long ejectedNotBefore = -1;
        for (int i = 0; i < 4 && ejectedNotBefore < 0; i++) {
            long sentAt = System.nanoTime();
            portico.get("/api/" + i);
            if (!portico.isHealthy("pool", address(failing))) {
                ejectedNotBefore = sentAt;
            }
        }
        assertThat(ejectedNotBefore).as("ejected").isNotNegative();
        assertThat(failing.requests("/api")).hasSize(2);

        // Every request answered within eject_for of the ejection went to the good target.
        int duringEjection = 0;
        for (int i = 0; i < 6; i++) {
            int failingBefore = failing.requests("/api").size();
            HttpResponse<String> response = portico.get("/api/ejected-" + i);
            if (System.nanoTime() - ejectedNotBefore >= EJECT_FOR.toNanos()) {
                break;
            }
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(failing.requests("/api")).hasSize(failingBefore);
            duringEjection++;
        }
        assertThat(duringEjection).as("requests answered during the ejection").isPositive();

        failing.otherwise(Reply.echo());
        portico.awaitHealth("pool", address(failing), true);
        assertThat(Duration.ofNanos(System.nanoTime() - ejectedNotBefore)).isGreaterThanOrEqualTo(EJECT_FOR);
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
        awaitInRotation(portico, a, b, backup);

        sendRequests(portico, 6);
        assertThat(backup.requests("/api")).isEmpty();

        a.healthy(false);
        portico.awaitHealth("pool", address(a), false);
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(b.requests("/api")).hasSize(6);
        assertThat(backup.requests("/api")).isEmpty();

        b.healthy(false);
        portico.awaitHealth("pool", address(b), false);
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(backup.requests("/api")).hasSize(6);
        assertThat(a.requests("/api")).isEmpty();
        assertThat(b.requests("/api")).isEmpty();

        a.healthy(true);
        portico.awaitHealth("pool", address(a), true);
        forget(a, b, backup);
        sendRequests(portico, 6);
        assertThat(a.requests("/api")).hasSize(6);
        assertThat(backup.requests("/api")).isEmpty();
    }
}
