package io.portico.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static AccessLogEntry entry(String requestId, String path) {
        return new AccessLogEntry(1_795_000_000_123L, requestId, "10.1.2.3", "GET", path, "users", "users-svc",
                "127.0.0.1:9001", 200, 12, 1024, 1_234_567, 987_654);
    }

    @Test
    void writesOneJsonLinePerRequestWithEveryField() throws Exception {
        JsonNode line = JSON.readTree(entry("abc", "/users/7").toJson());
        assertThat(line.get("time").asText()).isEqualTo("2026-11-18T11:06:40.123Z");
        assertThat(line.get("request_id").asText()).isEqualTo("abc");
        assertThat(line.get("client_ip").asText()).isEqualTo("10.1.2.3");
        assertThat(line.get("method").asText()).isEqualTo("GET");
        assertThat(line.get("path").asText()).isEqualTo("/users/7");
        assertThat(line.get("route").asText()).isEqualTo("users");
        assertThat(line.get("service").asText()).isEqualTo("users-svc");
        assertThat(line.get("target").asText()).isEqualTo("127.0.0.1:9001");
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("bytes_in").asLong()).isEqualTo(12);
        assertThat(line.get("bytes_out").asLong()).isEqualTo(1024);
        assertThat(line.get("latency_ms").decimalValue()).isEqualByComparingTo("1.234");
        assertThat(line.get("upstream_latency_ms").decimalValue()).isEqualByComparingTo("0.987");
    }

    @Test
    void writesNullsForWhatARequestDidNotHave() throws Exception {
        AccessLogEntry rejected = new AccessLogEntry(0, null, "::1", null, null, null, null, null, 400, 0, 0, 5_000, -1);
        JsonNode line = JSON.readTree(rejected.toJson());
        assertThat(line.get("route").isNull()).isTrue();
        assertThat(line.get("upstream_latency_ms").isNull()).isTrue();
        assertThat(line.get("latency_ms").decimalValue()).isEqualByComparingTo("0.005");
    }

    @Test
    void escapesWhatCouldBreakTheLine() throws Exception {
        String hostile = "/a\"b\\c\nd\u0001e";
        String json = entry("id", hostile).toJson();
        assertThat(json).doesNotContain("\n").contains("\\u0001");
        assertThat(JSON.readTree(json).get("path").asText()).isEqualTo(hostile);
    }

    @Test
    void writesEntriesInOrderFromABackgroundThread() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AsyncAccessLog log = AsyncAccessLog.to(out);
        for (int i = 0; i < 1000; i++) {
            log.log(entry("r" + i, "/p"));
        }
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(1000);
        assertThat(JSON.readTree(lines.get(0)).get("request_id").asText()).isEqualTo("r0");
        assertThat(JSON.readTree(lines.get(999)).get("request_id").asText()).isEqualTo("r999");
        assertThat(log.dropped()).isZero();
    }

    @Test
    void dropsAndCountsInsteadOfBlockingWhenTheWriterIsStuck() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AsyncAccessLog log = AsyncAccessLog.to(stuck);
        long start = System.nanoTime();
        for (int i = 0; i < 200_000; i++) {
            log.log(entry("r" + i, "/p"));
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        // 200,000 offers against a stuck writer return at once: nothing waits for the disk.
        assertThat(elapsedMillis).isLessThan(10_000);
        assertThat(log.dropped()).isGreaterThan(100_000);
        release.countDown();
        log.close();
    }

    @Test
    void appendsToAFileCreatingItsDirectory(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/access.log");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"earlier\":true}\n");
        AsyncAccessLog log = AsyncAccessLog.toFile(file);
        log.log(entry("file-1", "/f"));
        log.close();
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines.get(1)).get("request_id").asText()).isEqualTo("file-1");

        Path fresh = dir.resolve("new/dir/access.log");
        AsyncAccessLog created = AsyncAccessLog.toFile(fresh);
        created.log(entry("file-2", "/f"));
        created.close();
        await().until(() -> Files.exists(fresh) && Files.readAllLines(fresh).size() == 1);
    }
}
