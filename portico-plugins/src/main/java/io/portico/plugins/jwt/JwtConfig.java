package io.portico.plugins.jwt;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Quantities;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jwt} plugin's config (Kong's key names where Kong has them).
 *
 * @param uriParamNames       query parameters that may carry the token
 * @param cookieNames         cookies that may carry the token
 * @param headerNames         headers that may carry {@code Bearer <token>}
 * @param requireExp          {@code exp} listed in {@code claims_to_verify}: a token without it is refused
 * @param requireNbf          {@code nbf} listed in {@code claims_to_verify}: a token without it is refused
 * @param maximumExpiration   tokens valid for longer than this from now are refused; null for no limit
 * @param clockSkew           leeway for exp, nbf and iat
 * @param keyClaimName        the claim (or header) whose value finds the consumer credential
 * @param issuer              the required {@code iss}, or null
 * @param audience            {@code aud} must contain one of these; empty for any
 * @param jwksUri             an identity provider's key set; null to use consumer credentials
 * @param jwksRefreshInterval the least time between two fetches of the key set
 * @param jwksCacheTtl        after this, the key set is refreshed in the background (kept while that fails)
 * @param claimsToHeaders     claim name → upstream header name, in written order
 * @param consumerClaim       with a JWKS: the claim that holds a consumer's username; null for none
 * @param anonymous           the consumer to fall back on, or null
 * @param hideCredentials     remove the token from the request before it goes upstream
 * @param maxTokenBytes       larger tokens are refused before they are parsed
 */
record JwtConfig(List<String> uriParamNames, List<String> cookieNames, List<String> headerNames, boolean requireExp,
                 boolean requireNbf, Duration maximumExpiration, Duration clockSkew, String keyClaimName,
                 String issuer, List<String> audience, URI jwksUri, Duration jwksRefreshInterval,
                 Duration jwksCacheTtl, Map<String, String> claimsToHeaders, String consumerClaim, String anonymous,
                 boolean hideCredentials, long maxTokenBytes) {

    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    static final Duration DEFAULT_JWKS_REFRESH_INTERVAL = Duration.ofMinutes(5);
    static final Duration MIN_JWKS_REFRESH_INTERVAL = Duration.ofSeconds(1);
    static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofHours(1);
    static final long DEFAULT_MAX_TOKEN_BYTES = 8 * 1024;
    static final long MAX_TOKEN_BYTES_LIMIT = 64 * 1024;

    /** Headers Portico itself manages upstream: a claim must not set them. */
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "upgrade", "te", "trailer", "proxy-connection", "via", "x-request-id",
            "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "x-consumer-username",
            "x-consumer-groups", "x-credential-identifier", "x-anonymous-consumer");

    JwtConfig {
        uriParamNames = List.copyOf(uriParamNames);
        cookieNames = List.copyOf(cookieNames);
        headerNames = List.copyOf(headerNames);
        audience = List.copyOf(audience);
        claimsToHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(claimsToHeaders));
    }

    static JwtConfig read(ConfigReader config) {
        List<String> uriParamNames = names(config, "uri_param_names", List.of("jwt"), "a query parameter name");
        List<String> cookieNames = tokens(config, "cookie_names", List.of(), "a cookie name");
        List<String> headerNames = lowerCase(tokens(config, "header_names", List.of("authorization"), "a header name"));
        if (uriParamNames.isEmpty() && cookieNames.isEmpty() && headerNames.isEmpty()) {
            config.problem("header_names", "empty, and so are uri_param_names and cookie_names"
                    + " (expected: at least one place to look for the token)");
        }
        boolean requireExp = true;
        boolean requireNbf = false;
        if (config.has("claims_to_verify")) {
            List<String> claims = config.strings("claims_to_verify", List.of());
            requireExp = claims.contains("exp");
            requireNbf = claims.contains("nbf");
            for (int i = 0; i < claims.size(); i++) {
                if (!claims.get(i).equals("exp") && !claims.get(i).equals("nbf")) {
                    config.expectedItem("claims_to_verify", i, "exp or nbf");
                }
            }
        }
        Duration maximumExpiration = config.duration("maximum_expiration", null);
        Duration clockSkew = clockSkew(config);
        String keyClaimName = config.has("key_claim_name")
                ? config.requiredString("key_claim_name", "a claim name") : "iss";
        String issuer = config.has("issuer") ? config.requiredString("issuer", "the required iss value") : null;
        List<String> audience = names(config, "audience", List.of(), "an audience value");
        URI jwksUri = jwksUri(config);
        Duration refreshInterval = config.duration("jwks_refresh_interval", DEFAULT_JWKS_REFRESH_INTERVAL);
        if (refreshInterval.compareTo(MIN_JWKS_REFRESH_INTERVAL) < 0) {
            config.expected("jwks_refresh_interval", ">= " + Quantities.format(MIN_JWKS_REFRESH_INTERVAL));
        }
        Duration cacheTtl = config.duration("jwks_cache_ttl", DEFAULT_JWKS_CACHE_TTL);
        Map<String, String> claimsToHeaders = claimsToHeaders(config, headerNames);
        String consumerClaim = config.has("consumer_claim")
                ? config.requiredString("consumer_claim", "a claim name") : null;
        if (consumerClaim != null && jwksUri == null && !config.has("jwks_uri")) {
            config.expected("consumer_claim", "only with jwks_uri");
        }
        String anonymous = config.consumer("anonymous");
        boolean hideCredentials = config.bool("hide_credentials", false);
        long maxTokenBytes = config.bytes("max_token_size", DEFAULT_MAX_TOKEN_BYTES);
        if (maxTokenBytes > MAX_TOKEN_BYTES_LIMIT) {
            config.expected("max_token_size", "at most 64KB");
        }
        return new JwtConfig(uriParamNames, cookieNames, headerNames, requireExp, requireNbf, maximumExpiration,
                clockSkew, keyClaimName, issuer, audience, jwksUri, refreshInterval, cacheTtl, claimsToHeaders,
                consumerClaim, anonymous, hideCredentials, maxTokenBytes);
    }

    /** Zero is allowed (no leeway), unlike the reader's durations. */
    private static Duration clockSkew(ConfigReader config) {
        Object value = config.value("clock_skew");
        if (value == null) {
            return DEFAULT_CLOCK_SKEW;
        }
        Duration skew = value instanceof String text ? Quantities.parseDuration(text) : null;
        if (skew == null) {
            config.expected("clock_skew", Quantities.DURATION_RULE);
            return DEFAULT_CLOCK_SKEW;
        }
        if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            config.expected("clock_skew", "at most " + Quantities.format(MAX_CLOCK_SKEW));
            return DEFAULT_CLOCK_SKEW;
        }
        return skew;
    }

    /** https, or http to this machine only (a local identity provider, tests). */
    private static URI jwksUri(ConfigReader config) {
        String text = config.string("jwks_uri", null);
        if (text == null) {
            return null;
        }
        String rule = "an https URL (http only for localhost and 127.0.0.1)";
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            config.expected("jwks_uri", rule);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        boolean local = host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]");
        if (host.isEmpty() || uri.getRawUserInfo() != null || uri.getRawFragment() != null
                || !(scheme.equals("https") || (scheme.equals("http") && local))) {
            config.expected("jwks_uri", rule);
            return null;
        }
        return uri;
    }

    private static Map<String, String> claimsToHeaders(ConfigReader config, List<String> tokenHeaders) {
        ConfigReader mapping = config.section("claims_to_headers");
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> claimByHeader = new LinkedHashMap<>();
        for (String claim : mapping.keys()) {
            String header = mapping.requiredString(claim, "a header name");
            if (header == null) {
                continue;
            }
            String lower = header.toLowerCase(Locale.ROOT);
            if (!HttpTokens.isToken(header)) {
                mapping.expected(claim, "a header name");
            } else if (RESERVED_HEADERS.contains(lower) || tokenHeaders.contains(lower)) {
                mapping.expected(claim, "a header Portico does not manage (not Host, framing, forwarding,"
                        + " consumer or token headers)");
            } else if (claimByHeader.containsKey(lower)) {
                mapping.expected(claim, "a header no other claim is sent in (" + claimByHeader.get(lower) + " is)");
            } else {
                claimByHeader.put(lower, claim);
                out.put(claim, header);
            }
        }
        return out;
    }

    /** Non-empty strings (query parameter names and audience values may hold any character). */
    private static List<String> names(ConfigReader config, String key, List<String> defaults, String rule) {
        List<String> names = config.strings(key, defaults);
        List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).isEmpty()) {
                config.expectedItem(key, i, rule);
            } else {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /** HTTP tokens (RFC 9110 §5.6.2): header and cookie names. */
    private static List<String> tokens(ConfigReader config, String key, List<String> defaults, String rule) {
        List<String> names = config.strings(key, defaults);
        List<String> out = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            if (HttpTokens.isToken(names.get(i))) {
                out.add(names.get(i));
            } else {
                config.expectedItem(key, i, rule);
            }
        }
        return out;
    }

    private static List<String> lowerCase(List<String> names) {
        List<String> out = new ArrayList<>(names.size());
        for (String name : names) {
            out.add(name.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
