package io.portico.plugins.filelog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.MutableClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rotation by size and by time, and reopening, on a real file with a clock the test moves. */
class LogFileTest {

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:59:58Z"));

    @Test
    void rotatesBeforeALineWouldPassTheMaximumSize() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation rotation = new Rotation(100, RotationInterval.NONE, 10);

        file.write(line('a', 40), rotation);
        file.write(line('b', 40), rotation);
        file.write(line('c', 20), rotation);
        file.write(line('d', 40), rotation);
        file.endBatch(false);

        assertThat(lines("access.log.1")).containsExactly(text('a', 40), text('b', 40), text('c', 20));
        assertThat(lines("access.log")).containsExactly(text('d', 40));
        assertThat(dir.resolve("access.log.2")).doesNotExist();
    }

    @Test
    void keepsMaxFilesRotatedFilesAndRemovesTheOldest() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation rotation = new Rotation(10, RotationInterval.NONE, 2);

        for (char c = 'a'; c <= 'e'; c++) {
            file.write(line(c, 10), rotation);
        }
        file.endBatch(false);

        assertThat(lines("access.log")).containsExactly(text('e', 10));
        assertThat(lines("access.log.1")).containsExactly(text('d', 10));
        assertThat(lines("access.log.2")).containsExactly(text('c', 10));
        assertThat(dir.resolve("access.log.3")).doesNotExist();
    }

    @Test
    void aLineLongerThanTheLimitGetsAFileOfItsOwn() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation rotation = new Rotation(10, RotationInterval.NONE, 5);

        file.write(line('a', 30), rotation);
        file.write(line('b', 5), rotation);
        file.endBatch(false);

        assertThat(lines("access.log.1")).containsExactly(text('a', 30));
        assertThat(lines("access.log")).containsExactly(text('b', 5));
    }

    @Test
    void countsWhatTheFileAlreadyHeldWhenOpened() throws IOException {
        Files.writeString(dir.resolve("access.log"), text('x', 79) + "\n");
        LogFile file = new LogFile(dir.resolve("access.log"), clock);

        file.write(line('a', 30), new Rotation(100, RotationInterval.NONE, 5));
        file.endBatch(false);

        assertThat(lines("access.log.1")).containsExactly(text('x', 79));
        assertThat(lines("access.log")).containsExactly(text('a', 30));
    }

    @Test
    void rotatesHourlyAtTheFirstWriteAfterTheHour() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation hourly = new Rotation(Rotation.DEFAULT_MAX_SIZE, RotationInterval.HOURLY, 10);

        file.write(line('a', 10), hourly);
        clock.advance(Duration.ofSeconds(1)); // 10:59:59
        file.write(line('b', 10), hourly);
        clock.advance(Duration.ofSeconds(2)); // 11:00:01
        file.write(line('c', 10), hourly);
        clock.advance(Duration.ofMinutes(59)); // 11:59:01
        file.write(line('d', 10), hourly);
        file.endBatch(false);

        assertThat(lines("access.log.1")).containsExactly(text('a', 10), text('b', 10));
        assertThat(lines("access.log")).containsExactly(text('c', 10), text('d', 10));
    }

    @Test
    void rotatesDailyAtMidnightUtc() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation daily = new Rotation(Rotation.DEFAULT_MAX_SIZE, RotationInterval.DAILY, 10);

        file.write(line('a', 10), daily);
        clock.advance(Duration.ofHours(12)); // 22:59:58, the same day
        file.write(line('b', 10), daily);
        clock.advance(Duration.ofHours(2)); // the next day
        file.write(line('c', 10), daily);
        file.endBatch(false);

        assertThat(lines("access.log.1")).containsExactly(text('a', 10), text('b', 10));
        assertThat(lines("access.log")).containsExactly(text('c', 10));
    }

    @Test
    void anIntervalThatPassedWithoutLinesDoesNotRotateAnEmptyFile() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation hourly = new Rotation(Rotation.DEFAULT_MAX_SIZE, RotationInterval.HOURLY, 10);

        file.write(line('a', 10), hourly);
        clock.advance(Duration.ofHours(1)); // 11:59:58
        file.write(line('b', 10), hourly);
        clock.advance(Duration.ofHours(3)); // 14:59:58: three boundaries passed, one rotation
        file.write(line('c', 10), hourly);
        file.endBatch(false);

        assertThat(lines("access.log.2")).containsExactly(text('a', 10));
        assertThat(lines("access.log.1")).containsExactly(text('b', 10));
        assertThat(lines("access.log")).containsExactly(text('c', 10));
        assertThat(dir.resolve("access.log.3")).doesNotExist();
    }

    @Test
    void reopeningPerBatchFollowsAFileMovedAway() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);

        file.write(line('a', 10), null);
        file.endBatch(true);
        Files.move(dir.resolve("access.log"), dir.resolve("moved.log")); // what logrotate does
        file.write(line('b', 10), null);
        file.endBatch(true);

        assertThat(lines("moved.log")).containsExactly(text('a', 10));
        assertThat(lines("access.log")).containsExactly(text('b', 10));
    }

    @Test
    void withoutReopenLinesFollowTheOpenFile() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);

        file.write(line('a', 10), null);
        file.endBatch(false);
        Files.move(dir.resolve("access.log"), dir.resolve("moved.log"));
        file.write(line('b', 10), null);
        file.endBatch(false);
        file.close();

        assertThat(lines("moved.log")).containsExactly(text('a', 10), text('b', 10));
        assertThat(dir.resolve("access.log")).doesNotExist();
    }

    @Test
    void reopeningDoesNotPostponeATimeRotation() throws IOException {
        LogFile file = new LogFile(dir.resolve("access.log"), clock);
        Rotation hourly = new Rotation(Rotation.DEFAULT_MAX_SIZE, RotationInterval.HOURLY, 10);

        file.write(line('a', 10), hourly);
        file.endBatch(true);
        clock.advance(Duration.ofSeconds(5));
        file.write(line('b', 10), hourly);
        file.endBatch(true);

        assertThat(lines("access.log.1")).containsExactly(text('a', 10));
        assertThat(lines("access.log")).containsExactly(text('b', 10));
    }

    @Test
    void createsMissingDirectories() throws IOException {
        LogFile file = new LogFile(dir.resolve("a/b/access.log"), clock);

        file.write(line('a', 10), null);
        file.close();

        assertThat(lines("a/b/access.log")).containsExactly(text('a', 10));
    }

    private List<String> lines(String name) throws IOException {
        return Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
    }

    /** A line of {@code length} bytes, newline included. */
    private static byte[] line(char c, int length) {
        return (text(c, length) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The text of such a line, as read back. */
    private static String text(char c, int length) {
        return String.valueOf(c).repeat(length - 1);
    }
}
