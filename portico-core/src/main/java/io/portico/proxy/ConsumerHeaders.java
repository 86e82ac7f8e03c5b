package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

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

    private static final AsciiString[] NAMES =
            {X_CONSUMER_USERNAME, X_CONSUMER_GROUPS, X_CREDENTIAL_IDENTIFIER, X_ANONYMOUS_CONSUMER};

    static void apply(HttpHeaders headers, Consumer consumer, Credential credential) {
        for (AsciiString name : NAMES) {
            headers.remove(name);
        }
        removeUnderscoreSpellings(headers);
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

    /**
     * CGI-style backends (PHP, WSGI, Rack) read {@code X_Consumer_Username} as {@code X-Consumer-Username}:
     * a spelling with underscores must not smuggle an identity past the removal above.
     */
    private static void removeUnderscoreSpellings(HttpHeaders headers) {
        List<String> smuggled = null;
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
            CharSequence name = it.next().getKey();
            if (AsciiString.indexOf(name, '_', 0) >= 0 && isConsumerHeaderSpelling(name)) {
                if (smuggled == null) {
                    smuggled = new ArrayList<>(2);
                }
                smuggled.add(name.toString());
            }
        }
        if (smuggled != null) {
            for (String name : smuggled) {
                headers.remove(name);
            }
        }
    }

    private static boolean isConsumerHeaderSpelling(CharSequence name) {
        for (AsciiString known : NAMES) {
            if (known.length() == name.length()) {
                boolean same = true;
                for (int i = 0; same && i < name.length(); i++) {
                    char c = Character.toLowerCase(name.charAt(i));
                    same = (c == '_' ? '-' : c) == known.charAt(i);
                }
                if (same) {
                    return true;
                }
            }
        }
        return false;
    }
}
