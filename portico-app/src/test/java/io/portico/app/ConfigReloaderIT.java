package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.portico.observability.ConfigLoads;
import io.portico.server.Gateway;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** A real gateway whose configuration file is edited, replaced, broken and fixed while it serves. */
class ConfigReloaderIT {

    // Generous: on a loaded machine the first requests through a cold gateway take seconds.
    private static final Duration WITHIN = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger reloaderLog = (Logger) LoggerFactory.getLogger(ConfigReloader.class);
    private Level previousLevel;
    private TestOrigin origin;
    private Path file;
    private Gateway gateway;
    private ConfigReloader reloader;
    private ConfigLoads loads;

    @BeforeEach
    void start() throws Exception {
        previousLevel = reloaderLog.getLevel();
        reloaderLog.setLevel(Level.INFO);
        logged.start();
        reloaderLog.addAppender(logged);
        reloaderLog.setAdditive(false);
        origin = TestOrigin.start();
        file = dir.resolve("portico.yaml");
    }

    private void startGateway(String yaml, Duration debounce) throws Exception {
        Files.writeString(file, yaml);
        ConfigFile config = new ConfigFile(file);
        String content = config.read();
        gateway = Gateway.start(config.parse(content), config.plugins());
        loads = ConfigLoads.initial(config.source(), ConfigFile.bytes(content));
        reloader = ConfigReloader.start(config, content, gateway, loads, debounce);
    }

    private void startGateway(String yaml) throws Exception {
        startGateway(yaml, ConfigReloader.DEBOUNCE);
    }

    @AfterEach
    void stop() {
        if (reloader != null) {
            reloader.close();
        }
        if (gateway != null) {
            gateway.shutdown(Duration.ofSeconds(5));
        }
        origin.close();
        reloaderLog.detachAppender(logged);
        reloaderLog.setAdditive(true);
        reloaderLog.setLevel(previousLevel);
    }

    @Test
    void appliesRouteAddedToTheFile() throws Exception {
        startGateway(config());
        assertThat(get("/a/x").statusCode()).isEqualTo(200);
        assertThat(get("/b").statusCode()).isEqualTo(404);

        Files.writeString(file, config(staticRoute("b", "/b", "bee")));

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/b").body()).isEqualTo("bee"));
        assertThat(get("/a/x").statusCode()).isEqualTo(200);
        assertThat(messages()).contains("configuration reloaded (file change): 2 routes, 1 services, 1 upstreams");
    }

    @Test
    void keepsServingWhenTheFileBecomesInvalidAndAppliesTheFix() throws Exception {
        startGateway(config(staticRoute("v", "=/v", "one")));

        Files.writeString(file, config(staticRoute("v", "=/v", "two"), "  - name: broken\n    paths: [\"nope\"]\n"
                + "    response: {status: 200}\n"));

        String expected = "configuration not reloaded (file change); the previous one keeps serving. 1 error in "
                + file + System.lineSeparator() + "  " + file
                + ":19:13: routes[2].paths[0]: \"nope\" (expected: a path starting with /, =/ or ~)";
        await().atMost(WITHIN).untilAsserted(() -> assertThat(errors()).containsExactly(expected));
        assertThat(get("/v").body()).isEqualTo("one");
        assertThat(get("/a/x").statusCode()).isEqualTo(200);

        Files.writeString(file, config(staticRoute("v", "=/v", "three")));

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/v").body()).isEqualTo("three"));
        assertThat(errors()).hasSize(1);
    }

    @Test
    void appliesFileRenamedOverTheWatchedOne() throws Exception {
        startGateway(config());
        Path written = dir.resolve(".portico.yaml.tmp");
        Files.writeString(written, config(staticRoute("b", "/b", "renamed")));

        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/b").body()).isEqualTo("renamed"));
    }

    @Test
    void reloadNowReadsTheFileEvenWhenUnchanged() throws Exception {
        startGateway(config());

        reloader.reloadNow("SIGHUP");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(messages())
                .containsExactly("configuration reloaded (SIGHUP): 1 routes, 1 services, 1 upstreams"));
    }

    @Test
    void reloadNowAppliesAChangeWhichTheWatcherThenLeavesAlone() throws Exception {
        startGateway(config(), Duration.ofSeconds(1));

        Files.writeString(file, config(staticRoute("b", "/b", "hup")));
        reloader.reloadNow("SIGHUP");

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/b").body()).isEqualTo("hup"));
        // The change event's own (debounced) read finds the text already applied.
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4)).untilAsserted(() ->
                assertThat(messages())
                        .containsExactly("configuration reloaded (SIGHUP): 2 routes, 1 services, 1 upstreams"));
    }

    @Test
    void readsABurstOfWritesOnceWhenItEnds() throws Exception {
        Duration quiet = Duration.ofMillis(1500);
        startGateway(config(), quiet);
        String complete = config(staticRoute("b", "/b", "complete"));

        // A slow writer, for about twice the quiet time: growing prefixes, most of them invalid YAML
        // or invalid configurations, 50 ms apart (pacing the writer, not waiting for anything).
        int writes = (int) (2 * quiet.toMillis() / 50);
        for (int i = 1; i < writes; i++) {
            Files.writeString(file, complete.substring(0, complete.length() * i / writes));
            TimeUnit.MILLISECONDS.sleep(50);
        }
        Files.writeString(file, complete);

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/b").body()).isEqualTo("complete"));
        assertThat(errors()).isEmpty();
        assertThat(messages())
                .containsExactly("configuration reloaded (file change): 2 routes, 1 services, 1 upstreams");
    }

    @Test
    void keepsServingWhileTheFileIsDeletedAndReloadsItWhenItReturns() throws Exception {
        startGateway(config());

        Files.delete(file);

        await().atMost(WITHIN).untilAsserted(() -> assertThat(warnings()).containsExactly(
                "configuration not reloaded (file change); the previous one keeps serving. "
                        + file + ": no such file"));
        assertThat(get("/a/x").statusCode()).isEqualTo(200);

        Files.writeString(file, config(staticRoute("b", "/b", "back")));

        await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/b").body()).isEqualTo("back"));
    }

    @Test
    void answersEveryRequestWhileTheFileIsEditedRepeatedly() throws Exception {
        startGateway(config(staticRoute("version", "=/version", "v0")));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger answered = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        ExecutorService load = Executors.newFixedThreadPool(4);
        List<Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String path = i % 2 == 0 ? "/a/load" : "/version";
            clients.add(load.submit(() -> {
                while (running.get()) {
                    try {
                        HttpResponse<String> response = get(path);
                        if (response.statusCode() != 200) {
                            failures.add(path + ": " + response.statusCode() + " " + response.body());
                        }
                        answered.incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failures.add(path + ": " + e);
                    }
                }
            }));
        }
        try {
            for (int version = 1; version <= 10; version++) {
                String body = "v" + version;
                Files.writeString(file, config(staticRoute("version", "=/version", body),
                        staticRoute("extra" + version, "/extra" + version, body)));
                await().atMost(WITHIN).untilAsserted(() -> assertThat(get("/version").body()).isEqualTo(body));
            }
        } finally {
            running.set(false);
            for (Future<?> client : clients) {
                client.get(10, TimeUnit.SECONDS);
            }
            load.shutdown();
        }

        assertThat(failures).isEmpty();
        assertThat(answered.get()).isGreaterThan(100);
        assertThat(origin.requests("/load")).hasSizeGreaterThan(50);
    }

    @Test
    void reportsEveryReloadAsSuccessOrFailureWithTheHashOfWhatRuns() throws Exception {
        startGateway(config());
        String initialHash = loads.current().hash();
        assertThat(initialHash).isEqualTo("sha256:" + TestOrigin.sha256Hex(Files.readAllBytes(file)));
        assertThat(loads.current().source()).isEqualTo(file.toAbsolutePath().normalize().toString());

        Files.writeString(file, config(staticRoute("b", "/b", "good")));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(loads.reloadsSucceeded()).isEqualTo(1));
        String goodHash = "sha256:" + TestOrigin.sha256Hex(Files.readAllBytes(file));
        assertThat(loads.current().hash()).isEqualTo(goodHash).isNotEqualTo(initialHash);

        Files.writeString(file, config(staticRoute("b", "nope", "bad")));
        await().atMost(WITHIN).untilAsserted(() -> assertThat(loads.reloadsFailed()).isEqualTo(1));
        assertThat(loads.current().hash()).isEqualTo(goodHash);

        Files.delete(file);
        await().atMost(WITHIN).untilAsserted(() -> assertThat(loads.reloadsFailed()).isEqualTo(2));
        reloader.reloadNow("SIGHUP");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(loads.reloadsFailed()).isEqualTo(3));

        Files.writeString(file, config(staticRoute("b", "/b", "good")));
        reloader.reloadNow("SIGHUP");
        await().atMost(WITHIN).untilAsserted(() -> assertThat(loads.reloadsSucceeded()).isGreaterThanOrEqualTo(2));
        assertThat(loads.current().hash()).isEqualTo(goodHash);
        assertThat(get("/b").body()).isEqualTo("good");
        assertThat(loads.reloadsFailed()).isEqualTo(3);
    }

    @Test
    void closeStopsItsThreadsAndIgnoresLaterChanges() throws Exception {
        startGateway(config());

        reloader.close();
        reloader.reloadNow("SIGHUP");
        Files.writeString(file, config(staticRoute("b", "/b", "late")));

        await().atMost(WITHIN).untilAsserted(() ->
                assertThat(threadNames()).doesNotContain("portico-config-watch", "portico-config-reload"));
        await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .untilAsserted(() -> assertThat(get("/b").statusCode()).isEqualTo(404));
        assertThat(messages()).isEmpty();
    }

    private String config(String... extraRoutes) {
        StringBuilder yaml = new StringBuilder("""
                version: 1
                proxy:
                  listen: ["127.0.0.1:0"]
                  access_log: off
                upstreams:
                  - name: origin
                    targets: ["127.0.0.1:%d"]
                services:
                  - name: origin
                    url: "http://origin"
                routes:
                  - name: a
                    paths: ["/a"]
                    service: origin
                """.formatted(origin.port()));
        for (String route : extraRoutes) {
            yaml.append(route);
        }
        return yaml.toString();
    }

    private static String staticRoute(String name, String path, String body) {
        return "  - name: " + name + "\n    paths: [\"" + path + "\"]\n"
                + "    response: {status: 200, body: \"" + body + "\"}\n";
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + gateway.port() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<String> messages() {
        return messages(Level.INFO);
    }

    private List<String> warnings() {
        return messages(Level.WARN);
    }

    private List<String> errors() {
        return messages(Level.ERROR);
    }

    /** What the reloader logged at exactly {@code level}; appends are synchronized on the appender. */
    private List<String> messages(Level level) {
        List<String> messages = new ArrayList<>();
        synchronized (logged) {
            for (ILoggingEvent event : logged.list) {
                if (event.getLevel() == level) {
                    messages.add(event.getFormattedMessage());
                }
            }
        }
        return messages;
    }

    private static List<String> threadNames() {
        List<String> names = new ArrayList<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                names.add(thread.getName());
            }
        }
        return names;
    }
}
