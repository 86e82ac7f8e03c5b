package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class EnvExpanderTest {

    private static final Function<String, String> ENV = Map.of("HOST", "example.com", "EMPTY", "", "N", "7")::get;

    @Test
    void expandsVariablesAnywhereInTheText() {
        assertThat(EnvExpander.expand("http://${HOST}:${N}/x", ENV)).isEqualTo("http://example.com:7/x");
        assertThat(EnvExpander.expand("${HOST}${HOST}", ENV)).isEqualTo("example.comexample.com");
    }

    @Test
    void usesTheDefaultWhenUnsetOrEmpty() {
        assertThat(EnvExpander.expand("${MISSING:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(EnvExpander.expand("${EMPTY:-fallback}", ENV)).isEqualTo("fallback");
        assertThat(EnvExpander.expand("${HOST:-fallback}", ENV)).isEqualTo("example.com");
        assertThat(EnvExpander.expand("${MISSING:-}", ENV)).isEmpty();
    }

    @Test
    void keepsAnEmptyValueWithoutDefault() {
        assertThat(EnvExpander.expand("[${EMPTY}]", ENV)).isEqualTo("[]");
    }

    @Test
    void leavesTextWithoutVariablesAloneAndHonoursEscapes() {
        assertThat(EnvExpander.expand("cost: $5 {x}", ENV)).isEqualTo("cost: $5 {x}");
        assertThat(EnvExpander.expand("$${HOST} is ${HOST}", ENV)).isEqualTo("${HOST} is example.com");
    }

    @Test
    void rejectsUnsetVariablesWithoutDefault() {
        assertThatThrownBy(() -> EnvExpander.expand("a${MISSING}b", ENV))
                .hasMessage("\"a${MISSING}b\" (expected: environment variable MISSING to be set, or a default "
                        + "such as ${MISSING:-value})");
    }

    @Test
    void rejectsMalformedReferences() {
        assertThatThrownBy(() -> EnvExpander.expand("${HOST", ENV))
                .hasMessage("\"${HOST\" (expected: a closing } after ${)");
        assertThatThrownBy(() -> EnvExpander.expand("${}", ENV))
                .hasMessageStartingWith("\"${}\" (expected: ${NAME} or ${NAME:-default}");
        assertThatThrownBy(() -> EnvExpander.expand("${A-B}", ENV))
                .hasMessageStartingWith("\"${A-B}\" (expected: ${NAME} or ${NAME:-default}");
    }
}
