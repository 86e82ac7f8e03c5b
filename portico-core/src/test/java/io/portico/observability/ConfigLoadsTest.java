package io.portico.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.PrometheusScrape;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What /status and the reload metrics report about the configuration's loads. */
class ConfigLoadsTest {

    private static final byte[] FIRST = "version: 1\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SECOND = "version: 1\nroutes: []\n".getBytes(StandardCharsets.UTF_8);

    private final SteppingClock clock = new SteppingClock(Instant.parse("2026-11-22T10:00:00.250Z"));

    @Test
    void hashesTheBytesLikeSha256sum() {
        // printf 'version: 1\n' | sha256sum
        assertThat(ConfigLoads.hash(FIRST))
                .isEqualTo("sha256:09bfcc6a14b83e2192b8673677725c84883ee9cd0c70e45c9ec09daa8f2b2847");
    }

    @Test
    void reportsTheInitialLoadUntilAReloadSucceeds() {
        ConfigLoads loads = ConfigLoads.initial("/etc/portico/portico.yaml", FIRST, clock);
        ConfigLoads.Loaded initial = loads.current();

        clock.now = Instant.parse("2026-11-22T10:05:00Z");
        loads.reloadFailed();

        assertThat(loads.current()).isEqualTo(initial);
        assertThat(initial.at()).isEqualTo(Instant.parse("2026-11-22T10:00:00.250Z"));
        assertThat(initial.source()).isEqualTo("/etc/portico/portico.yaml");

        loads.reloaded("/etc/portico/portico.yaml", SECOND);

        assertThat(loads.current().hash()).isEqualTo(ConfigLoads.hash(SECOND)).isNotEqualTo(initial.hash());
        assertThat(loads.current().at()).isEqualTo(Instant.parse("2026-11-22T10:05:00Z"));
        assertThat(loads.reloadsSucceeded()).isEqualTo(1);
        assertThat(loads.reloadsFailed()).isEqualTo(1);
    }

    @Test
    void exposesReloadCountsAndTheLastLoadTimeAsMetrics() throws Exception {
        ConfigLoads loads = ConfigLoads.initial("portico.yaml", FIRST, clock);
        MetricRegistry metrics = new MetricRegistry();
        loads.registerIn(metrics);

        PrometheusScrape before = scrape(metrics);
        loads.reloadFailed();
        loads.reloadFailed();
        clock.now = Instant.parse("2026-11-22T11:00:00.500Z");
        loads.reloaded("portico.yaml", SECOND);
        PrometheusScrape after = scrape(metrics);

        assertThat(before.value("portico_config_reloads_total", "result", "success")).isZero();
        assertThat(before.value("portico_config_reloads_total", "result", "failure")).isZero();
        assertThat(before.value("portico_config_last_reload_timestamp_seconds"))
                .isEqualTo(Instant.parse("2026-11-22T10:00:00.250Z").toEpochMilli() / 1000.0);
        assertThat(after.value("portico_config_reloads_total", "result", "success")).isEqualTo(1);
        assertThat(after.value("portico_config_reloads_total", "result", "failure")).isEqualTo(2);
        assertThat(after.value("portico_config_last_reload_timestamp_seconds"))
                .isEqualTo(Instant.parse("2026-11-22T11:00:00.500Z").toEpochMilli() / 1000.0);
        assertThat(after.type("portico_config_reloads_total")).isEqualTo("counter");
    }

    private static PrometheusScrape scrape(MetricRegistry metrics) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.scrape(out);
        return PrometheusScrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static final class SteppingClock extends Clock {
        Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
