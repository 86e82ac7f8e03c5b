package io.portico.server;

import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.observability.AccessLog;
import io.portico.observability.AccessLogEntry;
import io.portico.plugin.PluginRegistry;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.Upstream;
import io.portico.testing.PrometheusScrape;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/**
 * A real Portico on a free loopback port, started from YAML text in which {@code ${NAME}} is taken
 * from the given variables; its access log lines are kept in memory for assertions.
 */
public final class GatewayFixture implements AutoCloseable {

    private final Gateway gateway;
    private final RecordingAccessLog accessLog;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private final PluginRegistry plugins;

    private GatewayFixture(Gateway gateway, RecordingAccessLog accessLog, PluginRegistry plugins) {
        this.gateway = gateway;
        this.accessLog = accessLog;
        this.plugins = plugins;
    }

    public static GatewayFixture start(String yaml, Map<String, String> variables) throws Exception {
        return start(yaml, variables, PluginRegistry.empty());
    }

    /** Starts with the given plugin types (the plugins module passes the built-in ones). */
    public static GatewayFixture start(String yaml, Map<String, String> variables, PluginRegistry plugins)
            throws Exception {
        RecordingAccessLog log = new RecordingAccessLog();
        return new GatewayFixture(Gateway.start(spec(yaml, variables, plugins), plugins, log), log, plugins);
    }

    static PorticoSpec spec(String yaml, Map<String, String> variables) throws Exception {
        return spec(yaml, variables, PluginRegistry.empty());
    }

    public static PorticoSpec spec(String yaml, Map<String, String> variables, PluginRegistry plugins) throws Exception {
        return ConfigLoader.parse(yaml, "test.yaml", variables::get, plugins);
    }

    public void apply(String yaml, Map<String, String> variables) throws Exception {
        gateway.apply(spec(yaml, variables, plugins));
    }

    public Gateway gateway() {
        return gateway;
    }

    public int port() {
        return gateway.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery));
    }

    public HttpClient client() {
        return client;
    }

    /** The gateway's metrics as GET /metrics serves them, parsed. */
    public PrometheusScrape scrapeMetrics() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            gateway.metrics().scrape(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return PrometheusScrape.parse(out.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    public List<AccessLogEntry> accessLog() {
        return List.copyOf(accessLog.entries);
    }

    /** Waits (up to 10 s) for an access log line that matches, and returns it. */
    public AccessLogEntry awaitLogged(Predicate<AccessLogEntry> matching) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (AccessLogEntry entry : accessLog.entries) {
                if (matching.test(entry)) {
                    return entry;
                }
            }
            return null;
        }, entry -> entry != null);
    }

    /** The health of the target {@code host:port} of upstream {@code upstream} in the current snapshot. */
    public boolean isHealthy(String upstream, String hostPort) {
        return target(upstream, hostPort).isHealthy();
    }

    /**
     * Waits until the target's health is {@code healthy} and its upstream's balancers agree (they are
     * rebuilt just after the health flips, so there is a moment when the two differ).
     */
    public void awaitHealth(String upstream, String hostPort, boolean healthy) {
        Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            Upstream pool = gateway.snapshot().upstreams().get(upstream);
            Target target = target(upstream, hostPort);
            // With every other target marked as tried, only this one can be selected, if it is in rotation.
            TriedTargets others = TriedTargets.NONE;
            for (Target other : pool.targets()) {
                if (other != target) {
                    others = others.with(other);
                }
            }
            boolean selectable = pool.select(ANY_REQUEST, others) == target;
            return target.isHealthy() == healthy && selectable == healthy;
        });
    }

    private Target target(String upstream, String hostPort) {
        for (Target target : gateway.snapshot().upstreams().get(upstream).targets()) {
            if (target.address().toString().equals(hostPort)) {
                return target;
            }
        }
        throw new IllegalArgumentException("target: " + hostPort + " (expected: a target of upstream " + upstream + ")");
    }

    /** A request with nothing for consistent hashing to key on but a fixed client address. */
    private static final BalancingContext ANY_REQUEST = new BalancingContext() {
        @Override
        public String clientIp() {
            return "127.0.0.1";
        }

        @Override
        public String header(String lowerCaseName) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String path() {
            return "/";
        }

        @Override
        public String consumer() {
            return null;
        }
    };

    @Override
    public void close() {
        gateway.shutdown(Duration.ofSeconds(2));
    }

    private static final class RecordingAccessLog implements AccessLog {
        private final List<AccessLogEntry> entries = new CopyOnWriteArrayList<>();

        @Override
        public void log(AccessLogEntry entry) {
            entries.add(entry);
        }

        @Override
        public void close() {}
    }
}
