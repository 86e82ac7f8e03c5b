package io.portico.plugins.oauth2introspection;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code oauth2-introspection}: bearer tokens checked by an RFC 7662 introspection endpoint. */
public final class OAuth2IntrospectionPluginType implements PluginType<OAuth2IntrospectionConfig> {

    static final String NAME = "oauth2-introspection";
    static final int PRIORITY = 1700;
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** The core abandons a plugin's wait after 30 s; a call must give up well before. */
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(25);
    static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

    static final String URL_RULE = "an https URL (http only for localhost, 127.0.0.1 or [::1])";
    static final String CLIENT_RULE = "client_id and client_secret, or authorization_value";
    static final String SECRET_RULE = "non-empty text without control characters";
    static final String SCOPE_RULE = "a scope: visible ASCII without spaces, quotes or backslashes";
    static final String HEADER_RULE = "a header name that Portico neither sets nor relies on";

    /** Headers a claim must not overwrite: framing, hop-by-hop, credentials and Portico's own. */
    static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect", "authorization",
            "proxy-authorization", "cookie", "x-consumer-username", "x-consumer-groups", "x-credential-identifier",
            "x-anonymous-consumer", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host", "x-forwarded-port",
            "forwarded", "x-request-id", "via");

    public OAuth2IntrospectionPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Rewrite starts the call and waits for it; authenticate uses the result (see the package doc). */
    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.AUTHENTICATE);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public OAuth2IntrospectionConfig readConfig(ConfigReader config) {
        URI url = introspectionUrl(config);
        String serverAuthorization = serverAuthorization(config);
        String tokenTypeHint = config.string("token_type_hint", null);
        if (tokenTypeHint != null && !isVisibleText(tokenTypeHint)) {
            config.expected("token_type_hint", "non-empty text without control characters");
        }
        Duration timeout = config.duration("timeout", DEFAULT_TIMEOUT);
        if (timeout.compareTo(MAX_TIMEOUT) > 0) {
            config.expected("timeout", "at most 25s");
        }
        Duration ttl = config.duration("ttl", DEFAULT_TTL);
        ConsumerBy consumerBy = ConsumerBy.named(config.oneOf("consumer_by", null, ConsumerBy.NAMES));
        boolean requireConsumer = config.bool("require_consumer", false);
        if (requireConsumer && config.value("consumer_by") == null) {
            config.expected("require_consumer", "false unless consumer_by is set");
        }
        List<String> scopesRequired = scopes(config);
        boolean hideCredentials = config.bool("hide_credentials", false);
        String anonymous = config.consumer("anonymous");
        Map<String, String> claimsToHeaders = claimsToHeaders(config);
        return new OAuth2IntrospectionConfig(url, serverAuthorization, tokenTypeHint, timeout, ttl, consumerBy,
                requireConsumer, scopesRequired, hideCredentials, anonymous, claimsToHeaders);
    }

    private static URI introspectionUrl(ConfigReader config) {
        String text = config.requiredString("introspection_url", URL_RULE);
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            config.expected("introspection_url", URL_RULE);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        boolean secure = scheme.equals("https")
                || (scheme.equals("http") && ("localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host)
                        || "[::1]".equals(host)));
        if (host == null || !secure || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            config.expected("introspection_url", URL_RULE);
            return null;
        }
        return uri;
    }

    /** The Authorization header for the introspection endpoint; secrets are never put in a message. */
    private static String serverAuthorization(ConfigReader config) {
        String clientId = config.string("client_id", null);
        if (clientId != null && !isVisibleText(clientId)) {
            config.expected("client_id", "non-empty text without control characters");
            clientId = null;
        }
        String clientSecret = secret(config, "client_secret");
        String authorizationValue = secret(config, "authorization_value");
        boolean hasId = config.has("client_id");
        boolean hasSecret = config.has("client_secret");
        if (config.has("authorization_value")) {
            if (hasId || hasSecret) {
                config.problem("authorization_value", "<hidden> (expected: " + CLIENT_RULE + ", not both)");
                return null;
            }
            return authorizationValue;
        }
        if (!hasId && !hasSecret) {
            config.problem("client_id", "missing (expected: " + CLIENT_RULE + ")");
            return null;
        }
        if (!hasSecret) {
            config.problem("client_secret", "missing (expected: " + SECRET_RULE + ", with client_id)");
            return null;
        }
        if (!hasId) {
            config.problem("client_id", "missing (expected: non-empty text, with client_secret)");
            return null;
        }
        if (clientId == null || clientSecret == null) {
            return null;
        }
        // RFC 6749 §2.3.1: each part is form-encoded before the two are joined for HTTP Basic.
        String pair = URLEncoder.encode(clientId, StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    private static String secret(ConfigReader config, String key) {
        Object value = config.value(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String text && isVisibleText(text)) {
            return text;
        }
        config.problem(key, "<hidden> (expected: " + SECRET_RULE + ")");
        return null;
    }

    private static List<String> scopes(ConfigReader config) {
        List<String> written = config.strings("scopes_required", List.of());
        List<String> scopes = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String scope = written.get(i);
            if (!isScope(scope)) {
                config.expectedItem("scopes_required", i, SCOPE_RULE);
            } else if (!scopes.contains(scope)) {
                scopes.add(scope);
            }
        }
        return scopes;
    }

    private static Map<String, String> claimsToHeaders(ConfigReader config) {
        ConfigReader claims = config.section("claims_to_headers");
        Map<String, String> headers = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String member : claims.keys()) {
            Object value = claims.value(member);
            String header = value instanceof String text ? text.toLowerCase(Locale.ROOT) : null;
            if (header == null || !HttpTokens.isToken(header) || RESERVED_HEADERS.contains(header)) {
                claims.expected(member, HEADER_RULE);
            } else if (!seen.add(header)) {
                claims.expected(member, "a header name that no other claim uses");
            } else {
                headers.put(member, (String) value);
            }
        }
        return headers;
    }

    /** RFC 6749 §3.3 scope-token. */
    static boolean isScope(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    private static boolean isVisibleText(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Plugin create(OAuth2IntrospectionConfig config, PluginContext context) {
        TokenIntrospector introspector = new TokenIntrospector(
                new IntrospectionClient(context.httpClient(), config, context.scope()), context.clock(), config.ttl());
        Consumer anonymous = config.anonymous() == null ? null : context.consumer(config.anonymous());
        return new OAuth2IntrospectionPlugin(config, introspector, anonymous, context);
    }
}
