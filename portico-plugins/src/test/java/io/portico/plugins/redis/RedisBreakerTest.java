package io.portico.plugins.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisBreakerTest {

    private final RedisBreaker breaker = new RedisBreaker();

    @Test
    void opensAfterThreeFailuresInARowAndOnlyOnce() {
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.allowRequest()).isTrue();

        assertThat(breaker.failed()).isTrue();
        assertThat(breaker.allowRequest()).isFalse();
        assertThat(breaker.failed()).as("a late failure does not start a second prober").isFalse();
    }

    @Test
    void aSuccessStartsTheCountAgain() {
        breaker.failed();
        breaker.failed();
        breaker.succeeded();

        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.failed()).isFalse();
        assertThat(breaker.allowRequest()).isTrue();
    }

    @Test
    void closesWhenAProbeSucceeds() {
        for (int i = 0; i < 3; i++) {
            breaker.failed();
        }

        breaker.close();

        assertThat(breaker.allowRequest()).isTrue();
        assertThat(breaker.failed()).isFalse();
    }
}
