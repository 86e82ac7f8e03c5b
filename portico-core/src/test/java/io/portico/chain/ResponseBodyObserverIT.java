package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.portico.server.GatewayFixture;
import io.portico.testing.RawHttpClient;
import io.portico.testing.RawResponse;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import io.portico.testing.TestPluginTypes;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ResponseHead.observeBody}: a plugin sees a copy of a proxied body as it streams, while the
 * client gets the response unbuffered and unbounded; every observer hears once, complete or abandoned.
 */
class ResponseBodyObserverIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services: [{name: s, url: "http://${ORIGIN}"}]
            routes:
              - {name: r, paths: [/], service: s, plugins: [{name: observe-body, config: {max_bytes: 1KB}}]}
              - {name: upper, paths: [/upper], service: s, strip_path: false,
                 plugins: [{name: observe-body, config: {max_bytes: 1KB}}, {name: upper-body}]}
              - {name: local, paths: ["=/local"], response: {status: 200, body: "mine"},
                 plugins: [{name: observe-body}]}
            """;

    private final Queue<String> logged = new ConcurrentLinkedQueue<>();
    private TestOrigin origin;
    private GatewayFixture portico;

    @BeforeEach
    void start() throws Exception {
        origin = TestOrigin.start();
        portico = GatewayFixture.start(CONFIG, Map.of("ORIGIN", "127.0.0.1:" + origin.port()),
                TestPluginTypes.registry(logged));
    }

    @AfterEach
    void stop() throws Exception {
        portico.close();
        origin.close();
    }

    @Test
    void observesAChunkedBodyWhileTheClientGetsItUnchanged() throws Exception {
        origin.route("/small", Reply.status(200).body("hello, cache").chunked().chunkSize(3));

        try (RawHttpClient raw = RawHttpClient.connect(portico.port())) {
            RawResponse small = raw.exchange("GET /small HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(small.status()).isEqualTo(200);
            assertThat(small.bodyText()).isEqualTo("hello, cache");
            assertThat(small.header("transfer-encoding")).isEqualTo("chunked");
        }
        awaitLogged("observed:r:200:12:" + sha("hello, cache"));
    }

    @Test
    void aBodyOverTheBoundPassesWholeAndTheObserverIsAbandoned() throws Exception {
        origin.route("/large", Reply.generated(200_000));

        HttpResponse<String> large = portico.get("/large");

        assertThat(large.statusCode()).isEqualTo(200);
        assertThat(large.body()).hasSize(200_000);
        awaitLogged("abandoned:r:200");
        assertThat(logged).noneMatch(line -> line.startsWith("observed:"));
    }

    @Test
    void aBodyCutOffUpstreamIsAbandonedNotObserved() throws Exception {
        origin.route("/cut", Reply.status(200).body("z".repeat(600)).chunked().chunkSize(100).resetAfter(300));

        Throwable failure = catchThrowable(() -> portico.get("/cut"));

        assertThat(failure).isNotNull();
        awaitLogged("abandoned:r:200");
        assertThat(logged).noneMatch(line -> line.startsWith("observed:"));
    }

    @Test
    void observersSeeTheBodyAfterResponseBodyPlugins() throws Exception {
        origin.route("/upper", Reply.status(200).body("quiet"));

        assertThat(portico.get("/upper").body()).isEqualTo("QUIET");
        awaitLogged("observed:upper:200:5:" + sha("QUIET"));
    }

    @Test
    void aResponseOfPorticosOwnIsAbandonedAtOnce() throws Exception {
        assertThat(portico.get("/local").body()).isEqualTo("mine");
        awaitLogged("abandoned:local:200");
    }

    @Test
    void aBodylessResponseIsObservedEmpty() throws Exception {
        origin.route("/none", Reply.status(204));

        assertThat(portico.get("/none").statusCode()).isEqualTo(204);
        awaitLogged("observed:r:204:0:" + sha(""));
    }

    private void awaitLogged(String line) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logged.contains(line));
    }

    private static String sha(String text) {
        return TestOrigin.sha256Hex(text.getBytes(StandardCharsets.UTF_8));
    }
}
