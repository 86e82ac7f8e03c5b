package io.portico.plugins.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskingTest {

    private final Masking masking = Masking.builtIn();

    @Test
    void masksTheBuiltInCredentialHeaders() {
        assertThat(masking.header("cookie", "session=abc; theme=dark")).isEqualTo("***");
        assertThat(masking.header("x-api-key", "k-123")).isEqualTo("***");
        assertThat(masking.header("apikey", "k-123")).isEqualTo("***");
        assertThat(masking.header("x-auth-token", "t-123")).isEqualTo("***");
        assertThat(masking.header("set-cookie", "sid=abc; HttpOnly")).isEqualTo("***");
    }

    @Test
    void keepsTheSchemeWordOfAuthorizationHeaders() {
        assertThat(masking.header("authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig")).isEqualTo("Bearer ***");
        assertThat(masking.header("authorization", "Basic YWxpY2U6czNjcjN0")).isEqualTo("Basic ***");
        assertThat(masking.header("proxy-authorization", "  Digest\tusername=\"a\", response=\"x\"")).isEqualTo("Digest ***");
        assertThat(masking.header("authorization", "just-a-token")).isEqualTo("***");
        assertThat(masking.header("authorization", "")).isEqualTo("***");
    }

    @Test
    void leavesOtherHeadersAlone() {
        assertThat(masking.header("accept", "application/json")).isEqualTo("application/json");
        assertThat(masking.header("x-request-id", "abc")).isEqualTo("abc");
    }

    @Test
    void headerNamesCompareWithoutCase() {
        assertThat(masking.masksHeader("Authorization")).isTrue();
        assertThat(masking.masksHeader("SET-COOKIE")).isTrue();
        assertThat(masking.masksHeader("X-Other")).isFalse();
        Masking more = Masking.with(List.of("X-Session"), List.of());
        assertThat(more.header("x-session", "s-1")).isEqualTo("***");
    }

    @Test
    void masksEveryBuiltInQueryParameter() {
        for (String name : Masking.BUILT_IN_QUERY) {
            assertThat(masking.query("page=2&" + name + "=s3cr3t&sort=asc"))
                    .as(name).isEqualTo("page=2&" + name + "=***&sort=asc");
        }
        assertThat(Masking.BUILT_IN_QUERY).contains("access_token", "id_token", "refresh_token", "token", "api_key",
                "apikey", "key", "password", "secret", "client_secret", "signature", "sig");
    }

    @Test
    void queryParameterNamesCompareWithoutCaseAndPercentDecoded() {
        assertThat(masking.query("APIKEY=s3cr3t")).isEqualTo("APIKEY=***");
        assertThat(masking.query("%61pikey=s3cr3t")).isEqualTo("%61pikey=***");
        assertThat(masking.query("api%5Fkey=s3cr3t")).isEqualTo("api%5Fkey=***");
        assertThat(masking.query("Access_Token=s3cr3t")).isEqualTo("Access_Token=***");
    }

    @Test
    void masksEveryOccurrenceAndKeepsTheRestAsWritten() {
        assertThat(masking.query("token=a&token=b&q=x%20y")).isEqualTo("token=***&token=***&q=x%20y");
        assertThat(masking.query("token")).isEqualTo("token");
        assertThat(masking.query("a&&b=&token=")).isEqualTo("a&&b=&token=***");
        assertThat(masking.query("keyboard=qwerty&monkey=1")).isEqualTo("keyboard=qwerty&monkey=1");
        assertThat(masking.query("bad%zz=1&key=%zz")).isEqualTo("bad%zz=1&key=***");
        assertThat(masking.query("")).isEmpty();
        assertThat(masking.query(null)).isNull();
    }

    @Test
    void addsTheConfiguredNamesToTheBuiltInOnes() {
        Masking more = Masking.with(List.of("X-Session"), List.of("Session_ID"));

        assertThat(more.query("session_id=1&SESSION_ID=2&apikey=3&page=4")).isEqualTo("session_id=***&SESSION_ID=***&apikey=***&page=4");
        assertThat(more.header("authorization", "Bearer x")).isEqualTo("Bearer ***");
        assertThat(more.header("x-session", "abc")).isEqualTo("***");
        assertThat(Masking.with(List.of(), List.of())).isSameAs(Masking.builtIn());
    }

    @Test
    void masksCredentialsInTheUrlsOfRefererAndLocation() {
        assertThat(masking.header("referer", "https://app.example/cb?code=1&access_token=abc#id_token=xyz&state=s"))
                .isEqualTo("https://app.example/cb?code=1&access_token=***#id_token=***&state=s");
        assertThat(masking.header("location", "/login#token=t1")).isEqualTo("/login#token=***");
        assertThat(masking.header("content-location", "/a?x=1")).isEqualTo("/a?x=1");
        assertThat(masking.header("referer", "https://app.example/")).isEqualTo("https://app.example/");
    }
}
