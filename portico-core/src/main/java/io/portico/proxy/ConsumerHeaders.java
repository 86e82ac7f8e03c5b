package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;

/**
 * Tells the upstream who is calling (Kong's header names). Whatever the client sent under these names
 * is removed first, on every proxied request, so a client can never claim an identity.
 */
final class ConsumerHeaders {

    static final AsciiString X_CONSUMER_USERNAME = AsciiString.cached("x-consumer-username");
    static final AsciiString X_CONSUMER_GROUPS = AsciiString.cached("x-consumer-groups");
    static final AsciiString X_CREDENTIAL_IDENTIFIER = AsciiString.cached("x-credential-identifier");
    static final AsciiString X_ANONYMOUS_CONSUMER = AsciiString.cached("x-anonymous-consumer");

    private ConsumerHeaders() {}

    static void apply(HttpHeaders headers, Consumer consumer, Credential credential) {
        headers.remove(X_CONSUMER_USERNAME);
        headers.remove(X_CONSUMER_GROUPS);
        headers.remove(X_CREDENTIAL_IDENTIFIER);
        headers.remove(X_ANONYMOUS_CONSUMER);
        if (consumer == null) {
            return;
        }
        headers.set(X_CONSUMER_USERNAME, consumer.username());
        if (!consumer.groups().isEmpty()) {
            headers.set(X_CONSUMER_GROUPS, String.join(", ", consumer.groups()));
        }
        if (credential != null) {
            headers.set(X_CREDENTIAL_IDENTIFIER, credential.identifier());
        } else {
            headers.set(X_ANONYMOUS_CONSUMER, "true");
        }
    }
}
