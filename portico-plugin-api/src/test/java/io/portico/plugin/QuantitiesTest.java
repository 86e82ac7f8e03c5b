package io.portico.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantitiesTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "2m, 120000", "1h, 3600000", "1m30s, 90000", "1h1m1s1ms, 3661001",
            "0s, 0", "90s, 90000"})
    void parsesDurations(String text, long millis) {
        assertThat(Quantities.parseDuration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "s", "5 s", "-5s", "1.5s", "5S", "5sec", "30s1m", "1m1m", "5d",
            "99999999999999999999s", "9223372036854775807h"})
    void rejectsMalformedDurations(String text) {
        assertThat(Quantities.parseDuration(text)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"512B, 512", "16KB, 16384", "10MB, 10485760", "1GB, 1073741824", "0B, 0"})
    void parsesSizesInPowersOf1024(String text, long bytes) {
        assertThat(Quantities.parseBytes(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16", "KB", "16kb", "16 KB", "1.5MB", "16K", "1TB", "-1B", "9999999999999GB"})
    void rejectsMalformedSizes(String text) {
        assertThat(Quantities.parseBytes(text)).isEqualTo(-1);
    }

    @ParameterizedTest
    @CsvSource({"90000, 1m30s", "250, 250ms", "3600000, 1h", "0, 0s"})
    void formatsDurationsTheWayTheyAreWritten(long millis, String text) {
        assertThat(Quantities.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
