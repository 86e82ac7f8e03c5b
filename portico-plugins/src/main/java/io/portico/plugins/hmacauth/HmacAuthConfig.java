package io.portico.plugins.hmacauth;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The {@code hmac-auth} config.
 *
 * @param clockSkew      how far the signed Date (or X-Date) may be from Portico's clock, either way
 * @param enforceHeaders lower-case header names (or {@code request-line}) every signature must cover
 * @param algorithms     the algorithms clients may use
 * @param anonymous      the consumer for requests without a valid signature, or null to answer 401
 */
record HmacAuthConfig(Duration clockSkew, List<String> enforceHeaders, Set<HmacAlgorithm> algorithms,
                      boolean hideCredentials, String anonymous) {

    HmacAuthConfig {
        enforceHeaders = List.copyOf(enforceHeaders);
        algorithms = Set.copyOf(algorithms);
    }
}
