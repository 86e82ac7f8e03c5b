package io.portico.plugins.basicauth;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The user-id and password of an {@code Authorization: Basic} header (RFC 7617). */
record BasicLogin(String username, String password) {

    /** True when the header uses the Basic scheme (its credentials may still be malformed). */
    static boolean isBasic(String authorization) {
        return authorization.length() >= 5 && authorization.regionMatches(true, 0, "Basic", 0, 5)
                && (authorization.length() == 5 || authorization.charAt(5) == ' ');
    }

    /** The login in a Basic header, or null when it is malformed. */
    static BasicLogin parse(String authorization) {
        if (!isBasic(authorization)) {
            return null;
        }
        String token = authorization.substring(5).trim();
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            return null;
        }
        String userPass;
        try {
            userPass = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(decoded)).toString();
        } catch (CharacterCodingException e) {
            return null; // strict: two different byte strings must never read as the same password
        }
        int colon = userPass.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new BasicLogin(userPass.substring(0, colon), userPass.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "BasicLogin[username=" + username + "]";
    }
}
