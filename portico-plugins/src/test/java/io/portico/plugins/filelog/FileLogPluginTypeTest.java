package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.portico.plugin.Completed;
import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.MutableClock;
import io.portico.plugin.testing.TestExchange;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugin.testing.TestResponse;
import io.portico.plugins.logging.LogMetrics;
import io.portico.plugins.logging.LogPlugin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The type and its writers, on real files: sharing, reloads, a full queue, write errors, close. */
class FileLogPluginTypeTest {

    @TempDir
    Path dir;

    private final FileLogPluginType type = new FileLogPluginType();
    private final TestPluginContext context = new TestPluginContext();

    @AfterEach
    void closeType() {
        type.close();
    }

    @Test
    void writesOneJsonLinePerRequest() throws Exception {
        Plugin plugin = plugin(Map.of("path", dir.resolve("requests.log").toString()));

        for (int i = 1; i <= 3; i++) {
            handle(plugin, "r-" + i);
        }

        List<JsonNode> lines = awaitLines(dir.resolve("requests.log"), 3);
        assertThat(lines).extracting(line -> line.get("request_id").asText()).containsExactly("r-1", "r-2", "r-3");
        assertThat(lines.get(0).at("/response/headers/content-type").asText()).isEqualTo("text/plain");
        await().atMost(Duration.ofSeconds(5)).until(() -> written() == 3);
    }

    @Test
    void placesNamingTheSameFileShareOneWriter() throws Exception {
        Plugin first = plugin(Map.of("path", dir.resolve("shared.log").toString()));
        Plugin second = plugin(Map.of("path", dir.resolve("sub/../shared.log").toString(), "include_headers", false));

        assertThat(((LogPlugin) second).sink()).isSameAs(((LogPlugin) first).sink());
        assertThat(type.openWriters()).isEqualTo(1);
        CompletableFuture<?> one = CompletableFuture.runAsync(() -> handleMany(first, "a-", 500));
        CompletableFuture<?> two = CompletableFuture.runAsync(() -> handleMany(second, "b-", 500));
        CompletableFuture.allOf(one, two).get(30, TimeUnit.SECONDS);

        List<JsonNode> lines = awaitLines(dir.resolve("shared.log"), 1000);
        assertThat(lines).extracting(line -> line.get("request_id").asText()).doesNotHaveDuplicates();
        assertThat(lines).filteredOn(line -> line.get("request_id").asText().startsWith("b-"))
                .allSatisfy(line -> assertThat(line.get("request").has("headers")).isFalse());
    }

    @Test
    void aReloadKeepsTheWriterAndAppliesTheNewRotation() throws Exception {
        Path file = dir.resolve("requests.log");
        Plugin before = plugin(Map.of("path", file.toString()));
        handle(before, "before");
        awaitLines(file, 1);

        Plugin after = plugin(Map.of("path", file.toString(), "rotate", Map.of("max_size", "100B")));
        handle(after, "after");

        assertThat(((LogPlugin) after).sink()).isSameAs(((LogPlugin) before).sink());
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("requests.log.1")));
        assertThat(LogLines.read(dir.resolve("requests.log.1"))).extracting(line -> line.get("request_id").asText())
                .containsExactly("before");
        assertThat(awaitLines(file, 1)).extracting(line -> line.get("request_id").asText()).containsExactly("after");
    }

    @Test
    void rotatesByTimeOnTheContextsClock() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-11-22T23:59:59Z"));
        context.clock = clock;
        Path file = dir.resolve("requests.log");
        Plugin plugin = plugin(Map.of("path", file.toString(), "rotate", Map.of("interval", "daily")));

        handle(plugin, "saturday");
        awaitLines(file, 1);
        clock.advance(Duration.ofSeconds(2));
        handle(plugin, "sunday");

        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("requests.log.1")));
        assertThat(LogLines.read(dir.resolve("requests.log.1"))).extracting(line -> line.get("request_id").asText())
                .containsExactly("saturday");
        assertThat(awaitLines(file, 1)).extracting(line -> line.get("request_id").asText()).containsExactly("sunday");
    }

    @Test
    void aFullQueueDropsAndCountsAndAWriteErrorIsLoggedOnceThenRecovered() throws Exception {
        Path blocker = dir.resolve("logs");
        Files.writeString(blocker, "a file where the log directory should be");
        Path file = blocker.resolve("requests.log");
        Plugin plugin = plugin(Map.of("path", file.toString(), "queue_size", 5));
        ListAppender<ILoggingEvent> logged = listen();
        try {
            handle(plugin, "first");
            await().atMost(Duration.ofSeconds(5)).until(() -> errors(logged) == 1);
            for (int i = 0; i < 20; i++) {
                handle(plugin, "more-" + i);
            }

            assertThat(context.metrics.value(LogMetrics.DROPPED, "file-log", "queue_full")).isEqualTo(15);
            Files.delete(blocker);
            Files.createDirectory(blocker);
            List<JsonNode> lines = awaitLines(file, 6);

            assertThat(lines).extracting(line -> line.get("request_id").asText())
                    .containsExactly("first", "more-0", "more-1", "more-2", "more-3", "more-4");
            assertThat(errors(logged)).isEqualTo(1);
            assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).first()
                    .satisfies(event -> assertThat(event.getFormattedMessage()).contains(file.toString(), "cannot write"));
            await().atMost(Duration.ofSeconds(5)).until(() -> written() == 6);
        } finally {
            stopListening(logged);
        }
    }

    @Test
    void closeWritesWhatIsQueuedAndTheTypeCanStartAgain() throws Exception {
        Path file = dir.resolve("requests.log");
        Plugin plugin = plugin(Map.of("path", file.toString()));
        handleMany(plugin, "queued-", 2000);

        type.close();

        assertThat(LogLines.read(file)).hasSize(2000);
        assertThat(type.openWriters()).isZero();
        Plugin again = plugin(Map.of("path", file.toString()));
        handle(again, "again");
        assertThat(awaitLines(file, 2001).get(2000).get("request_id").asText()).isEqualTo("again");
    }

    @Test
    void closeWritesTheQueueOfEveryFile() throws Exception {
        Plugin first = plugin(Map.of("path", dir.resolve("first.log").toString()));
        Plugin second = plugin(Map.of("path", dir.resolve("second.log").toString()));
        handleMany(first, "first-", 1000);
        handleMany(second, "second-", 1000);

        type.close();

        assertThat(LogLines.read(dir.resolve("first.log"))).hasSize(1000);
        assertThat(LogLines.read(dir.resolve("second.log"))).hasSize(1000);
        assertThat(written()).isEqualTo(2000);
    }

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<FileLogConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return type.create(probe.config(), context);
    }

    private static void handle(Plugin plugin, String requestId) {
        TestExchange exchange = TestExchange.get("/items?page=1");
        exchange.requestId = requestId;
        exchange.header("Accept", "*/*");
        TestResponse response = new TestResponse(200);
        response.headers.add("Content-Type", "text/plain");
        plugin.responseHeaders(exchange, response);
        plugin.log(exchange, new Completed(200, "127.0.0.1:9000", 0, 2, 1_000_000, 500_000,
                System.currentTimeMillis() * 1_000_000L, List.of()));
    }

    private static void handleMany(Plugin plugin, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            handle(plugin, prefix + i);
        }
    }

    private double written() {
        return context.metrics.value(LogMetrics.WRITTEN, "file-log");
    }

    private static List<JsonNode> awaitLines(Path file, int count) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> LogLines.read(file),
                lines -> lines.size() >= count);
    }

    private static long errors(ListAppender<ILoggingEvent> logged) {
        return new ArrayList<>(logged.list).stream().filter(event -> event.getLevel() == Level.ERROR).count();
    }

    private static final Map<ListAppender<ILoggingEvent>, Level> LEVELS = new HashMap<>();

    private static ListAppender<ILoggingEvent> listen() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Logger logger = writerLogger();
        LEVELS.put(appender, logger.getLevel());
        logger.setLevel(Level.INFO);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return appender;
    }

    private static void stopListening(ListAppender<ILoggingEvent> appender) {
        Logger logger = writerLogger();
        logger.detachAppender(appender);
        logger.setAdditive(true);
        logger.setLevel(LEVELS.remove(appender));
    }

    private static Logger writerLogger() {
        return (Logger) LoggerFactory.getLogger(FileLogWriter.class);
    }
}
