package io.portico.plugins.jwt;

import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.util.Date;
import java.util.List;

/**
 * Checks a parsed token against a trusted key and the configured claim rules: the key must allow the
 * token's algorithm and verify its signature; then {@code exp}, {@code nbf} and {@code iat} within the
 * clock skew, the longest allowed lifetime, {@code iss} and {@code aud}. Claims are looked at only
 * once the signature holds. Thread-safe.
 */
final class TokenVerifier {

    private final boolean requireExp;
    private final boolean requireNbf;
    private final long maximumExpirationMillis;
    private final long skewMillis;
    private final String issuer;
    private final List<String> audience;
    private final Clock clock;

    TokenVerifier(JwtConfig config, Clock clock) {
        this.requireExp = config.requireExp() || config.maximumExpiration() != null;
        this.requireNbf = config.requireNbf();
        this.maximumExpirationMillis = config.maximumExpiration() == null ? -1 : config.maximumExpiration().toMillis();
        this.skewMillis = config.clockSkew().toMillis();
        this.issuer = config.issuer();
        this.audience = config.audience();
        this.clock = clock;
    }

    /** Returns normally when the token is good; the key is one Portico trusts for this token. */
    void check(ParsedToken token, VerificationKey key) throws Refused {
        if (!key.accepts(token.jws().getHeader().getAlgorithm())) {
            throw new Refused(Rejection.BAD_SIGNATURE); // the key's algorithm decides, never the token's
        }
        if (!key.verifies(token.jws())) {
            throw new Refused(Rejection.BAD_SIGNATURE);
        }
        checkTimes(token.claimSet(), clock.millis());
        if (issuer != null && !issuer.equals(token.claimSet().getIssuer())) {
            throw new Refused(Rejection.WRONG_ISSUER);
        }
        if (!audience.isEmpty() && !containsAny(token.claimSet().getAudience(), audience)) {
            throw new Refused(Rejection.WRONG_AUDIENCE);
        }
    }

    private void checkTimes(JWTClaimsSet claims, long now) throws Refused {
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            if (requireExp) {
                throw new Refused(Rejection.MISSING_CLAIM);
            }
        } else {
            // RFC 7519 §4.1.4: not accepted on or after exp. A present exp is always honoured.
            if (now >= exp.getTime() + skewMillis) {
                throw new Refused(Rejection.EXPIRED);
            }
            if (maximumExpirationMillis >= 0 && exp.getTime() - now > maximumExpirationMillis) {
                throw new Refused(Rejection.TOO_LONG_LIVED);
            }
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf == null) {
            if (requireNbf) {
                throw new Refused(Rejection.MISSING_CLAIM);
            }
        } else if (now + skewMillis < nbf.getTime()) {
            throw new Refused(Rejection.NOT_YET_VALID);
        }
        Date iat = claims.getIssueTime();
        if (iat != null && iat.getTime() > now + skewMillis) {
            throw new Refused(Rejection.ISSUED_IN_FUTURE);
        }
    }

    /** The instant the token stops being valid, in epoch millis, or -1 when it has no exp. */
    static long expiresAtMillis(ParsedToken token) {
        Date exp = token.claimSet().getExpirationTime();
        return exp == null ? -1 : exp.getTime();
    }

    private static boolean containsAny(List<String> values, List<String> wanted) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            if (wanted.contains(value)) {
                return true;
            }
        }
        return false;
    }
}
