package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SamplerTest {

    private static final int IDS = 10_000;

    @Test
    void rateZeroSamplesNoNewTrace() {
        Sampler sampler = new Sampler(0);

        assertThat(sampled(sampler, new SplittableRandom(1))).isZero();
        assertThat(sampler.sampleNewTrace(Long.MIN_VALUE)).isFalse();
        assertThat(sampler.sampleNewTrace(0)).isFalse();
    }

    @Test
    void rateOneSamplesEveryNewTrace() {
        Sampler sampler = new Sampler(1);

        assertThat(sampled(sampler, new SplittableRandom(2))).isEqualTo(IDS);
        assertThat(sampler.sampleNewTrace(Long.MAX_VALUE)).isTrue();
        assertThat(sampler.sampleNewTrace(-Long.MAX_VALUE)).isTrue();
        assertThat(sampler.sampleNewTrace(Long.MIN_VALUE)).isTrue();
    }

    @Test
    void aQuarterSamplesAboutAQuarterOfNewTraces() {
        int sampled = sampled(new Sampler(0.25), new SplittableRandom(3));

        // 2,500 expected; the standard deviation is about 43, so this fails only when the ratio is wrong.
        assertThat(sampled).isBetween(2300, 2700);
    }

    @Test
    void decidesTheSameForTheSameTraceId() {
        Sampler sampler = new Sampler(0.25);
        Sampler another = new Sampler(0.25);
        SplittableRandom random = new SplittableRandom(4);

        for (int i = 0; i < IDS; i++) {
            long id = random.nextLong();
            boolean first = sampler.sampleNewTrace(id);
            assertThat(sampler.sampleNewTrace(id)).isEqualTo(first);
            assertThat(another.sampleNewTrace(id)).isEqualTo(first);
        }
    }

    @Test
    void decidesOnTheTraceIdsLowHalfAsOpenTelemetryDoes() {
        Sampler sampler = new Sampler(0.5);
        long bound = (long) (0.5 * Long.MAX_VALUE);

        assertThat(sampler.sampleNewTrace(bound - 1)).isTrue();
        assertThat(sampler.sampleNewTrace(-(bound - 1))).isTrue();
        assertThat(sampler.sampleNewTrace(bound)).isFalse();
        assertThat(sampler.sampleNewTrace(-bound)).isFalse();
    }

    @Test
    void aValidParentDecidesWhateverTheRate() {
        TraceParent sampledParent = new TraceParent(1, 2, 3, true);
        TraceParent unsampledParent = new TraceParent(1, 2, 3, false);

        assertThat(new Sampler(0).sample(sampledParent, 2)).isTrue();
        assertThat(new Sampler(1).sample(unsampledParent, 2)).isFalse();
        assertThat(new Sampler(1).sample(null, 2)).isTrue();
        assertThat(new Sampler(0).sample(null, 2)).isFalse();
    }

    @Test
    void refusesARateOutsideZeroToOne() {
        assertThatThrownBy(() -> new Sampler(1.5)).hasMessage("ratio: 1.5 (expected: between 0 and 1)");
        assertThatThrownBy(() -> new Sampler(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    private static int sampled(Sampler sampler, SplittableRandom random) {
        int sampled = 0;
        for (int i = 0; i < IDS; i++) {
            if (sampler.sampleNewTrace(random.nextLong())) {
                sampled++;
            }
        }
        return sampled;
    }
}
