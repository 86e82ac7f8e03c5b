package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.TestHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BearerTokenTest {

    @Test
    void findsTheToken() {
        assertThat(BearerToken.of(TestHeaders.of("Authorization", "Bearer abc.DEF-_~+/123==")))
                .isEqualTo(new BearerToken.Found("abc.DEF-_~+/123=="));
        assertThat(BearerToken.of(TestHeaders.of("authorization", "bearer   tok  ")))
                .isEqualTo(new BearerToken.Found("tok"));
    }

    @Test
    void isMissingWithoutAuthorizationOrWithAnotherScheme() {
        assertThat(BearerToken.of(TestHeaders.of())).isEqualTo(BearerToken.Absent.MISSING);
        assertThat(BearerToken.of(TestHeaders.of("Authorization", "Basic YTpi"))).isEqualTo(BearerToken.Absent.MISSING);
        assertThat(BearerToken.of(TestHeaders.of("Authorization", "Basic YTpi", "Authorization", "hmac x")))
                .isEqualTo(BearerToken.Absent.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer ", "Bearer a b", "Bearer =abc", "Bearer a\"b", "Bearer a,b", "Bearer é"})
    void isMalformedWhenNotOneToken68(String value) {
        assertThat(BearerToken.of(TestHeaders.of("Authorization", value))).isEqualTo(BearerToken.Absent.MALFORMED);
    }

    @Test
    void isMalformedAmongSeveralAuthorizationHeaders() {
        assertThat(BearerToken.of(TestHeaders.of("Authorization", "Bearer a", "Authorization", "Bearer b")))
                .isEqualTo(BearerToken.Absent.MALFORMED);
    }

    @Test
    void hidesTheTokenInToString() {
        assertThat(new BearerToken.Found("secret-token").toString()).doesNotContain("secret-token");
    }
}
