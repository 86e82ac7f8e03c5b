package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtConfigTest {

    private final JwtPluginType type = new JwtPluginType();

    private ConfigProbe<JwtConfig> read(Map<String, ?> config, String... consumers) {
        return ConfigProbe.read(type, config, consumers);
    }

    @Test
    void defaultsFollowKong() {
        JwtConfig config = read(Map.of()).config();

        assertThat(config.uriParamNames()).containsExactly("jwt");
        assertThat(config.cookieNames()).isEmpty();
        assertThat(config.headerNames()).containsExactly("authorization");
        assertThat(config.requireExp()).isTrue();
        assertThat(config.requireNbf()).isFalse();
        assertThat(config.maximumExpiration()).isNull();
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.keyClaimName()).isEqualTo("iss");
        assertThat(config.issuer()).isNull();
        assertThat(config.audience()).isEmpty();
        assertThat(config.jwksUri()).isNull();
        assertThat(config.jwksRefreshInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.jwksCacheTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(config.claimsToHeaders()).isEmpty();
        assertThat(config.consumerClaim()).isNull();
        assertThat(config.anonymous()).isNull();
        assertThat(config.hideCredentials()).isFalse();
        assertThat(config.maxTokenBytes()).isEqualTo(8 * 1024);
    }

    @Test
    void readsEveryKey() {
        Map<String, Object> written = Map.ofEntries(
                Map.entry("uri_param_names", List.of("token")),
                Map.entry("cookie_names", List.of("session")),
                Map.entry("header_names", List.of("X-Token")),
                Map.entry("claims_to_verify", List.of("exp", "nbf")),
                Map.entry("maximum_expiration", "1h"),
                Map.entry("clock_skew", "0s"),
                Map.entry("key_claim_name", "kid"),
                Map.entry("issuer", "https://idp.example"),
                Map.entry("audience", "api"),
                Map.entry("jwks_uri", "https://idp.example/.well-known/jwks.json"),
                Map.entry("jwks_refresh_interval", "30s"),
                Map.entry("jwks_cache_ttl", "10m"),
                Map.entry("claims_to_headers", Map.of("sub", "X-User-Id")),
                Map.entry("consumer_claim", "sub"),
                Map.entry("anonymous", "guest"),
                Map.entry("hide_credentials", true),
                Map.entry("max_token_size", "16KB"));

        ConfigProbe<JwtConfig> probe = read(written, "guest");

        assertThat(probe.problems()).isEmpty();
        JwtConfig config = probe.config();
        assertThat(config.headerNames()).containsExactly("x-token");
        assertThat(config.requireNbf()).isTrue();
        assertThat(config.maximumExpiration()).isEqualTo(Duration.ofHours(1));
        assertThat(config.clockSkew()).isZero();
        assertThat(config.audience()).containsExactly("api");
        assertThat(config.jwksUri()).isEqualTo(URI.create("https://idp.example/.well-known/jwks.json"));
        assertThat(config.claimsToHeaders()).containsExactly(Map.entry("sub", "X-User-Id"));
        assertThat(config.anonymous()).isEqualTo("guest");
        assertThat(config.maxTokenBytes()).isEqualTo(16 * 1024);
    }

    @Test
    void acceptsPlainHttpJwksOnlyOnThisMachine() {
        assertThat(read(Map.of("jwks_uri", "http://127.0.0.1:8081/jwks")).problems()).isEmpty();
        assertThat(read(Map.of("jwks_uri", "http://localhost/jwks")).problems()).isEmpty();
        assertThat(read(Map.of("jwks_uri", "http://idp.example/jwks")).problems()).containsExactly(
                "config.jwks_uri: \"http://idp.example/jwks\" (expected: an https URL (http only for localhost and 127.0.0.1))");
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        Map<String, Object> written = Map.ofEntries(
                Map.entry("claims_to_verify", List.of("exp", "iat")),
                Map.entry("clock_skew", "1h"),
                Map.entry("jwks_uri", "ftp://idp.example/jwks"),
                Map.entry("jwks_refresh_interval", "100ms"),
                Map.entry("header_names", List.of("Bad Header")),
                Map.entry("claims_to_headers", Map.of("sub", "Host")),
                Map.entry("anonymous", "nobody"),
                Map.entry("max_token_size", "1MB"),
                Map.entry("keys", "x"));

        assertThat(read(written).problems()).containsExactlyInAnyOrder(
                "config.claims_to_verify[1]: \"iat\" (expected: exp or nbf)",
                "config.clock_skew: \"1h\" (expected: at most 5m)",
                "config.jwks_uri: \"ftp://idp.example/jwks\" (expected: an https URL (http only for localhost and 127.0.0.1))",
                "config.jwks_refresh_interval: \"100ms\" (expected: >= 1s)",
                "config.header_names[0]: \"Bad Header\" (expected: a header name)",
                "config.claims_to_headers.sub: \"Host\" (expected: a header Portico does not manage"
                        + " (not Host, framing, forwarding, consumer or token headers))",
                "config.anonymous: \"nobody\" (expected: the username of a consumer)",
                "config.max_token_size: \"1MB\" (expected: at most 64KB)",
                "config.keys: unknown key \"keys\" (expected one of: uri_param_names, cookie_names, header_names,"
                        + " claims_to_verify, maximum_expiration, clock_skew, key_claim_name, issuer, audience, jwks_uri,"
                        + " jwks_refresh_interval, jwks_cache_ttl, claims_to_headers, consumer_claim, anonymous,"
                        + " hide_credentials, max_token_size)");
    }

    @Test
    void refusesConsumerClaimWithoutJwks() {
        assertThat(read(Map.of("consumer_claim", "sub")).problems())
                .containsExactly("config.consumer_claim: \"sub\" (expected: only with jwks_uri)");
    }

    @Test
    void refusesClaimHeadersThatCollideWithTheTokenOrEachOther() {
        Map<String, Object> written = Map.of("claims_to_headers",
                new LinkedHashMap<>(Map.of("sub", "X-User")),
                "header_names", List.of("authorization"));
        assertThat(read(written).problems()).isEmpty();

        LinkedHashMap<String, Object> colliding = new LinkedHashMap<>();
        colliding.put("sub", "X-User");
        colliding.put("email", "x-user");
        colliding.put("name", "Authorization");
        colliding.put("role", "X Role");
        assertThat(read(Map.of("claims_to_headers", colliding)).problems()).containsExactly(
                "config.claims_to_headers.email: \"x-user\" (expected: a header no other claim is sent in (sub is))",
                "config.claims_to_headers.name: \"Authorization\" (expected: a header Portico does not manage"
                        + " (not Host, framing, forwarding, consumer or token headers))",
                "config.claims_to_headers.role: \"X Role\" (expected: a header name)");
    }

    @Test
    void needsSomewhereToLookForTheToken() {
        Map<String, Object> written = Map.of("header_names", List.of(), "uri_param_names", List.of(),
                "cookie_names", List.of());
        assertThat(read(written).problems()).containsExactly("config.header_names: empty, and so are uri_param_names"
                + " and cookie_names (expected: at least one place to look for the token)");
    }

    @Test
    void refusesEmptyNames() {
        assertThat(read(Map.of("uri_param_names", List.of(""), "audience", List.of("a", ""))).problems())
                .containsExactly("config.uri_param_names[0]: \"\" (expected: a query parameter name)",
                        "config.audience[1]: \"\" (expected: an audience value)");
    }
}
