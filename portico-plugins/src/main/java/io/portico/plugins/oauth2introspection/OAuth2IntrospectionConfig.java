package io.portico.plugins.oauth2introspection;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code oauth2-introspection} config.
 *
 * @param serverAuthorization the Authorization header sent to the introspection endpoint (HTTP Basic
 *                            from client_id and client_secret, or authorization_value); a secret
 * @param tokenTypeHint       sent as {@code token_type_hint}, or null
 * @param timeout             for one introspection call, response body included
 * @param ttl                 the longest an active token's result is cached
 * @param consumerBy          which response member names a consumer, or null to identify none
 * @param claimsToHeaders     response member → upstream header name, in configuration order
 */
record OAuth2IntrospectionConfig(URI introspectionUrl, String serverAuthorization, String tokenTypeHint,
                                 Duration timeout, Duration ttl, ConsumerBy consumerBy, boolean requireConsumer,
                                 List<String> scopesRequired, boolean hideCredentials, String anonymous,
                                 Map<String, String> claimsToHeaders) {

    OAuth2IntrospectionConfig {
        scopesRequired = List.copyOf(scopesRequired);
        claimsToHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(claimsToHeaders));
    }

    @Override
    public String toString() {
        return "OAuth2IntrospectionConfig[introspectionUrl=" + introspectionUrl + ", serverAuthorization=<hidden>"
                + ", tokenTypeHint=" + tokenTypeHint + ", timeout=" + timeout + ", ttl=" + ttl + ", consumerBy="
                + consumerBy + ", requireConsumer=" + requireConsumer + ", scopesRequired=" + scopesRequired
                + ", hideCredentials=" + hideCredentials + ", anonymous=" + anonymous + ", claimsToHeaders="
                + claimsToHeaders + "]";
    }
}
