package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.portico.testing.PrometheusScrape;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code portico} as a real process: started, signalled ({@code kill -HUP}, {@code kill -TERM}) and
 * stopped as an operator or a service manager would.
 */
class ProcessIT {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("Portico listening on \\[/127\\.0\\.0\\.1:(\\d+)]");
    private static final Pattern BACKEND = Pattern.compile("\"backend\":\"(demo-\\d)\"");
    private static final Pattern ADMIN_LISTENING = Pattern.compile("Portico admin API listening on 127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern DEMO_ADMIN = Pattern.compile("The admin API listens on http://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<Child> children = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        for (Child child : children) {
            child.process.destroyForcibly();
        }
    }

    @Test
    void startServesAndReloadsOnSighup() throws Exception {
        Path config = Files.writeString(dir.resolve("portico.yaml"), staticConfig("one"));
        Child child = launch("start", "-c", config.toString());
        int port = child.awaitListening();
        child.awaitErr("running " + config + ": reloads when the file changes and on SIGHUP");
        assertThat(get(port, "/v").body()).isEqualTo("one");

        child.signal("HUP");

        child.awaitErr("configuration reloaded (SIGHUP): 1 routes, 0 services, 0 upstreams");
        Files.writeString(config, staticConfig("two"));
        child.signal("HUP");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(port, "/v").body()).isEqualTo("two"));
        assertThat(child.process.isAlive()).isTrue();

        child.signal("TERM");
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).as(child.err()).isZero();
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishThenExitsWithZero() throws Exception {
        try (TestOrigin origin = TestOrigin.start()) {
            origin.route("/slow", Reply.status(200).body("slow done").headerDelay(Duration.ofSeconds(1)));
            Path config = Files.writeString(dir.resolve("portico.yaml"), """
                    version: 1
                    proxy: {listen: ["127.0.0.1:0"], access_log: off, drain_timeout: 20s}
                    admin: {listen: "127.0.0.1:0"}
                    services:
                      - name: origin
                        url: "http://127.0.0.1:%d"
                    routes:
                      - name: slow
                        paths: ["/slow"]
                        service: origin
                        strip_path: false
                    """.formatted(origin.port()));
            Child child = launch("start", "-c", config.toString());
            int port = child.awaitListening();
            child.awaitErr("SIGTERM or Ctrl-C stops gracefully");

            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request(port, "/slow"),
                    HttpResponse.BodyHandlers.ofString());
            origin.awaitRequests(1);
            long signalled = System.nanoTime();
            child.signal("TERM");

            HttpResponse<String> response = slow.get(20, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("slow done");
            assertThat(response.headers().firstValue("connection")).hasValue("close");
            assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - signalled)).isLessThan(Duration.ofSeconds(20));
            assertThat(child.process.exitValue()).as(child.err()).isZero();
            assertThat(child.err()).contains("SIGTERM: stopping");
        }
    }

    @Test
    void startExitsWithOneWhenItsPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("portico.yaml"),
                    staticConfig("one").replace("listen: [\"127.0.0.1:0\"]",
                            "listen: [\"127.0.0.1:" + taken.getLocalPort() + "\"]"));
            Child child = launch("start", "-c", config.toString());

            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).isEqualTo(1);
            assertThat(child.err()).contains("portico could not start: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": ").contains("Address already in use").doesNotContain("\tat ");
        }
    }

    @Test
    void demoPrintsInstructionsServesAndStopsOnSigterm() throws Exception {
        int port = freePort();
        Child child = launch("demo", "-p", Integer.toString(port), "--admin-port", "0");
        child.awaitOut("Portico demo is running on http://127.0.0.1:" + port);
        assertThat(child.out()).contains("curl -s http://127.0.0.1:" + port + "/api/hello",
                "curl -s http://127.0.0.1:" + port + "/users/42");
        Matcher admin = DEMO_ADMIN.matcher(child.out());
        assertThat(admin.find()).as(child.out()).isTrue();
        int adminPort = Integer.parseInt(admin.group(1));
        assertThat(child.out()).contains("curl -s http://127.0.0.1:" + adminPort + "/routes/private/chain");
        HttpResponse<String> chain = get(adminPort, "/routes/private/chain");
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body()).startsWith("{\"route\":\"private\",\"consumer\":null,\"service\":{\"name\":\"demo\",")
                .contains("\"plugin\":\"key-auth\"", "\"plugin\":\"correlation-id\"");
        assertThat(get(port, "/private/x").statusCode()).isEqualTo(401);

        HttpResponse<String> status = get(port, "/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).isEqualTo("{\"ok\":true}");
        Set<String> backends = new HashSet<>();
        backends.add(backend(get(port, "/api/hello")));
        backends.add(backend(get(port, "/api/hello")));
        assertThat(backends).containsExactlyInAnyOrder("demo-1", "demo-2");
        HttpResponse<String> user = get(port, "/users/42");
        assertThat(user.statusCode()).isEqualTo(200);
        assertThat(user.body()).contains("\"path\":\"/api/users/42\"");
        assertThat(child.out()).contains("curl -si http://127.0.0.1:" + port + "/both/42");
        HttpResponse<String> both = get(port, "/both/42");
        assertThat(both.statusCode()).isEqualTo(200);
        assertThat(both.body()).contains("\"first\":{\"backend\":\"demo-1\",", "\"second\":{\"backend\":\"demo-2\",",
                "\"path\":\"/api/users/42/orders\"");
        assertThat(get(port, "/both/42").headers().firstValue("x-cache-status")).hasValue("Hit");
        assertThat(child.out()).contains("curl -s http://127.0.0.1:" + adminPort + "/metrics");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(get(adminPort, "/metrics").body())
                .contains("portico_requests_total{method=\"GET\",route=\"users\",service=\"demo\",status=\"200\"} 1"));

        child.signal("TERM");
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).as(child.err()).isZero();
    }

    @Test
    void demoExitsWithOneAndAClearMessageWhenThePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Child child = launch("demo", "--port", Integer.toString(taken.getLocalPort()), "--admin-port", "0");

            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).isEqualTo(1);
            assertThat(child.err()).contains("demo could not start: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": ").contains("(choose another port with --port)")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void startOpensTheAdminApiBehindItsToken() throws Exception {
        Path config = Files.writeString(dir.resolve("portico.yaml"), staticConfig("one")
                .replace("admin: {listen: \"127.0.0.1:0\"}", "admin: {listen: \"127.0.0.1:0\", token: \"${ADMIN_TOKEN}\"}"));
        Child child = launch(Map.of("ADMIN_TOKEN", "t0ken-for-process-it"), "start", "-c", config.toString());
        child.awaitErr("SIGTERM or Ctrl-C stops gracefully");
        Matcher admin = ADMIN_LISTENING.matcher(child.err());
        assertThat(admin.find()).as(child.err()).isTrue();
        int adminPort = Integer.parseInt(admin.group(1));
        assertThat(child.err()).contains("(bearer token required)").doesNotContain("t0ken-for-process-it");

        HttpResponse<String> anonymous = get(adminPort, "/routes/v/chain");
        HttpResponse<String> chain = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort
                        + "/routes/v/chain")).header("Authorization", "Bearer t0ken-for-process-it")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(chain.statusCode()).isEqualTo(200);
        assertThat(chain.body())
                .startsWith("{\"route\":\"v\",\"consumer\":null,\"service\":null,\"response\":{\"status\":200}");
        child.signal("TERM");
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).as(child.err()).isZero();
    }

    @Test
    void startReportsMetricsStatusAndHealthAcrossReloadsAndADrain() throws Exception {
        try (TestOrigin origin = TestOrigin.start()) {
            origin.route("/slow", Reply.status(200).body("slow done").headerDelay(Duration.ofSeconds(2)));
            String yaml = """
                    version: 1
                    proxy: {listen: ["127.0.0.1:0"], access_log: off, drain_timeout: 20s}
                    admin: {listen: "127.0.0.1:0", token: "${ADMIN_TOKEN}"}
                    services: [{name: origin, url: "http://127.0.0.1:%d"}]
                    routes:
                      - {name: slow, paths: ["/slow"], service: origin, strip_path: false}
                    """.formatted(origin.port());
            Path config = Files.writeString(dir.resolve("portico.yaml"), yaml);
            Child child = launch(Map.of("ADMIN_TOKEN", "process-admin-token"), "start", "-c", config.toString());
            int port = child.awaitListening();
            child.awaitErr("SIGTERM or Ctrl-C stops gracefully");
            Matcher listening = ADMIN_LISTENING.matcher(child.err());
            assertThat(listening.find()).as(child.err()).isTrue();
            int adminPort = Integer.parseInt(listening.group(1));

            assertThat(get(adminPort, "/health").body()).isEqualTo("{\"status\":\"ok\",\"live\":true,\"ready\":true}\n");
            assertThat(get(adminPort, "/metrics").statusCode()).isEqualTo(401);
            String firstHash = "sha256:" + TestOrigin.sha256Hex(Files.readAllBytes(config));
            assertThat(admin(adminPort, "/status").body()).contains("\"config\":{\"hash\":\"" + firstHash
                    + "\",\"loaded_at\":").contains("\"source\":\"" + config.toAbsolutePath().normalize() + "\"}");

            replace(config, yaml + "  - {name: extra, paths: [\"=/extra\"], response: {status: 204}}\n");
            String secondHash = "sha256:" + TestOrigin.sha256Hex(Files.readAllBytes(config));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reloads(adminPort, "success")).isEqualTo(1));
            assertThat(admin(adminPort, "/status").body()).contains("\"hash\":\"" + secondHash + "\"");
            replace(config, yaml + "  - {name: broken, paths: [\"nope\"], response: {status: 204}}\n");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(reloads(adminPort, "failure")).isEqualTo(1));
            assertThat(reloads(adminPort, "success")).isEqualTo(1);
            assertThat(admin(adminPort, "/status").body()).contains("\"hash\":\"" + secondHash + "\"");

            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(request(port, "/slow"),
                    HttpResponse.BodyHandlers.ofString());
            origin.awaitRequests(1);
            child.signal("TERM");

            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
                    assertThat(get(adminPort, "/health").statusCode()).isEqualTo(503));
            assertThat(slow).isNotDone();
            assertThat(slow.get(20, TimeUnit.SECONDS).body()).isEqualTo("slow done");
            assertThat(child.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).as(child.err()).isZero();
        }
    }

    @Test
    void startExitsWithOneWhenTheAdminPortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Path config = Files.writeString(dir.resolve("portico.yaml"),
                    staticConfig("one").replace("admin: {listen: \"127.0.0.1:0\"}",
                            "admin: {listen: \"127.0.0.1:" + taken.getLocalPort() + "\"}"));
            Child child = launch("start", "-c", config.toString());

            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.process.exitValue()).isEqualTo(1);
            assertThat(child.err()).contains("portico could not start: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + " (admin.listen): ").contains("Address already in use")
                    .doesNotContain("\tat ");
        }
    }

    @Test
    void runnableJarPrintsItsVersion() throws Exception {
        Path jar = Path.of("target", "portico.jar");
        assertThat(jar).as("the shaded jar, built by the package phase before integration tests").exists();
        Child child = start(List.of(java(), "-jar", jar.toString(), "version"));

        assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.process.exitValue()).isZero();
        assertThat(child.out()).matches("portico \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .+\\)\\R");
    }

    /** Replaces the file in one step, as deployment tools do, so that a reload never reads it half-written. */
    private Path replace(Path config, String yaml) throws IOException {
        Path written = Files.writeString(dir.resolve(".portico.yaml.tmp"), yaml);
        return Files.move(written, config, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> admin(int adminPort, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + path))
                .header("Authorization", "Bearer process-admin-token").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private double reloads(int adminPort, String result) throws IOException, InterruptedException {
        HttpResponse<String> metrics = admin(adminPort, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        return PrometheusScrape.parse(metrics.body()).value("portico_config_reloads_total", "result", result);
    }

    private static String staticConfig(String body) {
        return """
                version: 1
                proxy: {listen: ["127.0.0.1:0"], access_log: off}
                admin: {listen: "127.0.0.1:0"}
                routes:
                  - name: v
                    paths: ["=/v"]
                    response: {status: 200, body: "%s"}
                """.formatted(body);
    }

    private static String backend(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = BACKEND.matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return matcher.group(1);
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return client.send(request(port, path), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(int port, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10))
                .build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code java -cp <this test's classpath> io.portico.app.Main args}, logging at INFO as the jar does. */
    private Child launch(String... args) throws IOException {
        return launch(Map.of(), args);
    }

    /** As {@link #launch(String...)}, with more environment variables. */
    private Child launch(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=logback.xml", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return start(command, environment);
    }

    private Child start(List<String> command) throws IOException {
        return start(command, Map.of());
    }

    private Child start(List<String> command, Map<String, String> environment) throws IOException {
        int n = children.size();
        Path out = dir.resolve("child-" + n + ".out");
        Path err = dir.resolve("child-" + n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("PORTICO_LOG_LEVEL");
        builder.environment().putAll(environment);
        Child child = new Child(builder.start(), out, err);
        children.add(child);
        return child;
    }

    private record Child(Process process, Path outFile, Path errFile) {

        String out() {
            return read(outFile);
        }

        String err() {
            return read(errFile);
        }

        int awaitListening() {
            awaitErr("Portico listening on");
            Matcher matcher = LISTENING.matcher(err());
            assertThat(matcher.find()).as(err()).isTrue();
            return Integer.parseInt(matcher.group(1));
        }

        void awaitErr(String text) {
            await().atMost(STARTUP).untilAsserted(() -> {
                assertThat(process.isAlive()).as("process alive; stderr: %s", err()).isTrue();
                assertThat(err()).contains(text);
            });
        }

        void awaitOut(String text) {
            await().atMost(STARTUP).untilAsserted(() -> {
                assertThat(process.isAlive()).as("process alive; stderr: %s", err()).isTrue();
                assertThat(out()).contains(text);
            });
        }

        void signal(String name) throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(kill.exitValue()).isZero();
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
