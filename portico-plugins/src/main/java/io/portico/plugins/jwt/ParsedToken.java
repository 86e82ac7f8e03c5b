package io.portico.plugins.jwt;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import java.text.ParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A compact JWS split and decoded, not yet trusted. Parsing refuses what Portico never accepts, before
 * any key is looked up: anything but three base64url segments (a JWE has five), {@code alg: none} in
 * any casing, headers that name other keys or extensions, duplicate member names.
 *
 * @param claims the payload as parsed JSON (strings, numbers, booleans, lists, maps)
 */
record ParsedToken(JWSObject jws, Map<String, Object> claims, JWTClaimsSet claimSet) {

    /**
     * Header parameters that make a token refused: keys or key locations chosen by the sender
     * ({@code jku}, {@code x5u}, {@code jwk}, {@code x5c}), extensions Portico does not implement
     * ({@code crit}, and {@code b64} which changes what is signed), compression.
     */
    static final Set<String> REFUSED_HEADERS = Set.of("jku", "x5u", "jwk", "x5c", "crit", "b64", "zip");

    static ParsedToken parse(String token) throws Refused {
        if (!isCompactJws(token)) {
            throw new Refused(Rejection.MALFORMED);
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new Refused(Rejection.MALFORMED); // also alg "none", which nimbus does not parse as a JWS
        }
        if (!acceptable(jws.getHeader())) {
            throw new Refused(Rejection.REFUSED_HEADER);
        }
        String payload = jws.getPayload().toString();
        if (DuplicateMembers.in(payload)) {
            throw new Refused(Rejection.MALFORMED);
        }
        try {
            Map<String, Object> claims = JSONObjectUtils.parse(payload);
            return new ParsedToken(jws, claims, JWTClaimsSet.parse(claims));
        } catch (ParseException | RuntimeException e) {
            throw new Refused(Rejection.MALFORMED);
        }
    }

    /** False for {@code alg: none} in any casing and for the {@link #REFUSED_HEADERS}. */
    static boolean acceptable(JWSHeader header) {
        for (String name : header.getIncludedParams()) {
            if (REFUSED_HEADERS.contains(name)) {
                return false;
            }
        }
        return !header.getAlgorithm().getName().toLowerCase(Locale.ROOT).equals("none");
    }

    /** The header of a token, for its {@code kid}, without decoding the rest; null when unreadable. */
    static JWSHeader peekHeader(String token) {
        int dot = token.indexOf('.');
        if (dot <= 0 || !isCompactJws(token)) {
            return null;
        }
        try {
            return JWSHeader.parse(new Base64URL(token.substring(0, dot)));
        } catch (ParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Exactly three segments of base64url characters (no padding), header and payload not empty.
     * Checked by hand because a lenient decoder would skip stray characters and accept a token that
     * is not the one that was signed.
     */
    static boolean isCompactJws(String token) {
        int dots = 0;
        int segmentStart = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (dots < 2 && i == segmentStart) {
                    return false;
                }
                dots++;
                segmentStart = i + 1;
            } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_')) {
                return false;
            }
        }
        return dots == 2;
    }

    /** A claim's string value, or null when absent or not a string. */
    String stringClaim(String name) {
        return claims.get(name) instanceof String value ? value : null;
    }

    @Override
    public String toString() {
        return "ParsedToken[alg=" + jws.getHeader().getAlgorithm() + "]"; // not the token
    }
}
