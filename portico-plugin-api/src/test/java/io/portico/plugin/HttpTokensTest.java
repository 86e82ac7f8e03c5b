package io.portico.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {"X-Api-Key", "authorization", "request-line", "a", "!#$%&'*+-.^_`|~09azAZ"})
    void acceptsTokens(String text) {
        assertThat(HttpTokens.isToken(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "X Api", "x:y", "a\r\nb", "\"quoted\"", "a,b", "(c)", "é", "a\tb", "a/b", "k=v", "a\u007f"})
    void refusesWhatIsNotAToken(String text) {
        assertThat(HttpTokens.isToken(text)).isFalse();
    }

    @Test
    void tellsTokenCharactersFromSeparators() {
        assertThat(HttpTokens.isTokenChar('~')).isTrue();
        assertThat(HttpTokens.isTokenChar(';')).isFalse();
        assertThat(HttpTokens.isTokenChar(' ')).isFalse();
    }
}
