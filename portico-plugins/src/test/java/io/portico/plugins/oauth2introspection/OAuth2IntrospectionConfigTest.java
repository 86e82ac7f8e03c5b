package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OAuth2IntrospectionConfigTest {

    private static final String KNOWN_KEYS = "introspection_url, client_id, client_secret, authorization_value, "
            + "token_type_hint, timeout, ttl, consumer_by, require_consumer, scopes_required, hide_credentials, "
            + "anonymous, claims_to_headers";

    private final OAuth2IntrospectionPluginType type = new OAuth2IntrospectionPluginType();

    private ConfigProbe<OAuth2IntrospectionConfig> read(Map<String, ?> config) {
        return ConfigProbe.read(type, config, "guest");
    }

    private static Map<String, Object> minimal() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("introspection_url", "https://auth.example.com/oauth2/introspect");
        config.put("client_id", "portico");
        config.put("client_secret", "top-secret");
        return config;
    }

    @Test
    void appliesDefaultsAndSendsTheClientAsHttpBasic() {
        ConfigProbe<OAuth2IntrospectionConfig> probe = read(minimal());

        assertThat(probe.problems()).isEmpty();
        OAuth2IntrospectionConfig config = probe.config();
        assertThat(config.introspectionUrl()).isEqualTo(URI.create("https://auth.example.com/oauth2/introspect"));
        assertThat(config.serverAuthorization()).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("portico:top-secret".getBytes(StandardCharsets.UTF_8)));
        assertThat(config.tokenTypeHint()).isNull();
        assertThat(config.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.ttl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.consumerBy()).isNull();
        assertThat(config.requireConsumer()).isFalse();
        assertThat(config.scopesRequired()).isEmpty();
        assertThat(config.hideCredentials()).isFalse();
        assertThat(config.anonymous()).isNull();
        assertThat(config.claimsToHeaders()).isEmpty();
    }

    @Test
    void formEncodesClientIdAndSecretBeforeJoiningThem() {
        Map<String, Object> config = minimal();
        config.put("client_id", "my app:1");
        config.put("client_secret", "p@ss/w:rd");

        String authorization = read(config).config().serverAuthorization();

        assertThat(new String(Base64.getDecoder().decode(authorization.substring("Basic ".length())),
                StandardCharsets.UTF_8)).isEqualTo("my+app%3A1:p%40ss%2Fw%3Ard");
    }

    @Test
    void readsEveryKey() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("introspection_url", "http://127.0.0.1:9000/introspect");
        config.put("authorization_value", "Bearer server-token");
        config.put("token_type_hint", "access_token");
        config.put("timeout", "2s");
        config.put("ttl", "5m");
        config.put("consumer_by", "client_id");
        config.put("require_consumer", true);
        config.put("scopes_required", List.of("orders:read", "orders:write", "orders:read"));
        config.put("hide_credentials", true);
        config.put("anonymous", "guest");
        config.put("claims_to_headers", Map.of("sub", "X-Credential-Sub"));

        ConfigProbe<OAuth2IntrospectionConfig> probe = read(config);

        assertThat(probe.problems()).isEmpty();
        assertThat(probe.config()).isEqualTo(new OAuth2IntrospectionConfig(URI.create("http://127.0.0.1:9000/introspect"),
                "Bearer server-token", "access_token", Duration.ofSeconds(2), Duration.ofMinutes(5), ConsumerBy.CLIENT_ID,
                true, List.of("orders:read", "orders:write"), true, "guest", Map.of("sub", "X-Credential-Sub")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://auth.example.com/introspect", "ftp://localhost/x", "/introspect",
        "https://user:pw@auth.example.com/introspect", "https://auth.example.com/introspect#x", "https://bad host/"})
    void acceptsOnlyHttpsOrLoopbackHttp(String url) {
        Map<String, Object> config = minimal();
        config.put("introspection_url", url);

        assertThat(read(config).problems()).containsExactly("config.introspection_url: \"" + url
                + "\" (expected: an https URL (http only for localhost, 127.0.0.1 or [::1]))");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080/introspect", "http://127.0.0.1/i", "http://[::1]:9/i",
        "HTTPS://auth.example.com/i"})
    void acceptsLoopbackHttp(String url) {
        Map<String, Object> config = minimal();
        config.put("introspection_url", url);

        assertThat(read(config).problems()).isEmpty();
    }

    @Test
    void requiresAnUrlAndAWayToAuthenticateToTheServer() {
        assertThat(read(Map.of()).problems()).containsExactly(
                "config.introspection_url: missing (expected: an https URL (http only for localhost, 127.0.0.1 or [::1]))",
                "config.client_id: missing (expected: client_id and client_secret, or authorization_value)");
    }

    @Test
    void requiresBothClientIdAndSecret() {
        Map<String, Object> withoutSecret = minimal();
        withoutSecret.remove("client_secret");
        Map<String, Object> withoutId = minimal();
        withoutId.remove("client_id");

        assertThat(read(withoutSecret).problems()).containsExactly(
                "config.client_secret: missing (expected: non-empty text without control characters, with client_id)");
        assertThat(read(withoutId).problems()).containsExactly(
                "config.client_id: missing (expected: non-empty text, with client_secret)");
    }

    @Test
    void refusesBothWaysAtOnceWithoutPrintingSecrets() {
        Map<String, Object> config = minimal();
        config.put("authorization_value", "Bearer server-token");

        List<String> problems = read(config).problems();

        assertThat(problems).containsExactly("config.authorization_value: <hidden> (expected: client_id and "
                + "client_secret, or authorization_value, not both)");
    }

    @Test
    void reportsBadSecretsWithoutTheirValues() {
        Map<String, Object> config = minimal();
        config.put("client_secret", 123456);
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("introspection_url", "https://auth.example.com/i");
        header.put("authorization_value", "Basic abc\r\nX-Evil: 1");

        List<String> secretProblems = read(config).problems();
        List<String> headerProblems = read(header).problems();

        assertThat(secretProblems).containsExactly(
                "config.client_secret: <hidden> (expected: non-empty text without control characters)");
        assertThat(headerProblems).containsExactly(
                "config.authorization_value: <hidden> (expected: non-empty text without control characters)");
        assertThat(String.join("\n", secretProblems) + headerProblems).doesNotContain("123456").doesNotContain("Evil");
    }

    @Test
    void reportsEveryOtherProblemWithItsPath() {
        Map<String, Object> config = minimal();
        config.put("token_type_hint", "");
        config.put("timeout", "30s");
        config.put("ttl", "0s");
        config.put("consumer_by", "email");
        config.put("require_consumer", true);
        config.put("scopes_required", List.of("ok", "two words", "q\"uote"));
        config.put("hide_credentials", "no");
        config.put("anonymous", "nobody");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", "X-Sub");
        claims.put("email", "x-sub");
        claims.put("name", "Host");
        claims.put("aud", "X-Consumer-Username");
        claims.put("iss", "bad header");
        claims.put("exp", 5);
        config.put("claims_to_headers", claims);
        config.put("introspect_request", true);

        assertThat(read(config).problems()).containsExactly(
                "config.token_type_hint: \"\" (expected: non-empty text without control characters)",
                "config.timeout: \"30s\" (expected: at most 25s)",
                "config.ttl: \"0s\" (expected: > 0)",
                "config.consumer_by: \"email\" (expected: one of username, client_id)",
                "config.scopes_required[1]: \"two words\" (expected: a scope: visible ASCII without spaces, quotes or backslashes)",
                "config.scopes_required[2]: \"q\\\"uote\" (expected: a scope: visible ASCII without spaces, quotes or backslashes)",
                "config.hide_credentials: \"no\" (expected: true or false)",
                "config.anonymous: \"nobody\" (expected: the username of a consumer)",
                "config.claims_to_headers.email: \"x-sub\" (expected: a header name that no other claim uses)",
                "config.claims_to_headers.name: \"Host\" (expected: a header name that Portico neither sets nor relies on)",
                "config.claims_to_headers.aud: \"X-Consumer-Username\" (expected: a header name that Portico neither sets nor relies on)",
                "config.claims_to_headers.iss: \"bad header\" (expected: a header name that Portico neither sets nor relies on)",
                "config.claims_to_headers.exp: 5 (expected: a header name that Portico neither sets nor relies on)",
                "config.introspect_request: unknown key \"introspect_request\" (expected one of: " + KNOWN_KEYS + ")");
    }

    @Test
    void requiresConsumerByForRequireConsumer() {
        Map<String, Object> config = minimal();
        config.put("require_consumer", true);

        assertThat(read(config).problems()).containsExactly(
                "config.require_consumer: true (expected: false unless consumer_by is set)");
    }

    @Test
    void hidesTheServerCredentialsInToString() {
        assertThat(read(minimal()).config().toString()).doesNotContain("Basic").contains("<hidden>");
    }
}
