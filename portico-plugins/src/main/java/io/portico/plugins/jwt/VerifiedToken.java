package io.portico.plugins.jwt;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;

/**
 * What a verified token means for a request: who is calling (null consumer for a JWKS token without
 * {@code consumer_claim}), the claim header values, and until when this holds.
 */
record VerifiedToken(Consumer consumer, Credential credential, String[] headerValues, long validUntilMillis) {}
