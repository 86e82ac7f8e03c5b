package io.portico.plugins.hmacauth;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.CredentialType;

/** Reads {@code consumers[].credentials.hmac-auth: [{username: ..., secret: ...}]}. */
final class HmacCredentialType implements CredentialType<HmacCredential> {

    static final String USERNAME_RULE = "a username without quotes, backslashes or control characters";
    static final String SECRET_RULE = "non-empty text; quote a secret that YAML would read as a number";

    @Override
    public Class<HmacCredential> type() {
        return HmacCredential.class;
    }

    @Override
    public HmacCredential read(ConfigReader credential, String consumer, int index) {
        String username = credential.requiredString("username", USERNAME_RULE);
        if (username != null && !HmacAuthorization.isQuotable(username)) {
            credential.expected("username", USERNAME_RULE);
            username = null;
        }
        // Never rendered in a message: a wrong secret is reported without its value.
        Object secretValue = credential.value("secret");
        String secret = null;
        if (secretValue == null) {
            credential.problem("secret", "missing (expected: " + SECRET_RULE + ")");
        } else if (!(secretValue instanceof String text) || text.isEmpty()) {
            credential.problem("secret", "<hidden> (expected: " + SECRET_RULE + ")");
        } else {
            secret = text;
        }
        return username == null || secret == null ? null : new HmacCredential(username, secret);
    }

    @Override
    public String lookupKey(HmacCredential credential) {
        return credential.username();
    }
}
