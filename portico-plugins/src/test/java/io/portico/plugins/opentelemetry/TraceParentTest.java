package io.portico.plugins.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {

    /** The example of the specification. */
    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void readsEveryFieldOfAValidHeader() {
        TraceParent parent = TraceParent.parse(VALID);

        assertThat(parent).isEqualTo(new TraceParent(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, true));
    }

    @Test
    void readsTheSampledFlagAloneAmongTheFlags() {
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").sampled()).isFalse();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03").sampled()).isTrue();
        assertThat(TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-fe").sampled()).isFalse();
    }

    @Test
    void readsIdsWithTheHighBitSet() {
        TraceParent parent = TraceParent.parse("00-ffffffffffffffff8000000000000000-ffffffffffffffff-01");

        assertThat(parent).isEqualTo(new TraceParent(-1L, Long.MIN_VALUE, -1L, true));
    }

    @Test
    void formatsVersion00InLowerCaseHex() {
        assertThat(new TraceParent(0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, true).format())
                .isEqualTo(VALID);
        assertThat(TraceParent.format(1, 2, 3, false)).isEqualTo("00-00000000000000010000000000000002-0000000000000003-00");
        assertThat(TraceParent.format(-1, -1, -1, true)).isEqualTo("00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01");
    }

    @Test
    void aFormattedHeaderReadsBackAsItself() {
        for (int i = 0; i < 1000; i++) {
            TraceParent parent = new TraceParent(TraceIds.random(), TraceIds.randomNonZero(), TraceIds.randomNonZero(), i % 2 == 0);

            assertThat(TraceParent.parse(parent.format())).isEqualTo(parent);
        }
    }

    @Test
    void ignoresSpacesAroundTheValue() {
        assertThat(TraceParent.parse(" \t" + VALID + " ")).isEqualTo(TraceParent.parse(VALID));
    }

    @Test
    void readsALaterVersionAsFarAsVersion00Goes() {
        assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")).isEqualTo(TraceParent.parse(VALID));
        assertThat(TraceParent.parse("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds"))
                .isEqualTo(TraceParent.parse(VALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // version ff is forbidden
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        // all-zero trace id, all-zero parent id
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        // lengths: short trace id, long trace id, short parent id, one-digit flags, too long for version 00, empty
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e47361-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-010",
        "",
        // upper-case hex in the version, the trace id, the parent id, the flags
        "0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A",
        // flags and ids that are not hex
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-+1",
        "00-4bf92f3577b34da6a3ce929d0e0e473z-00f067aa0ba902b7-01",
        "00--bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-+0f067aa0ba902b7-01",
        // separators
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01",
        // a later version must continue with a dash
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x",
        // not a version at all
        "0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01a"
    })
    void rejectsAnInvalidHeader(String header) {
        assertThat(TraceParent.parse(header)).isNull();
    }

    @Test
    void treatsAMissingHeaderAsNone() {
        assertThat(TraceParent.parse(null)).isNull();
    }
}
