package io.portico.plugins.keyauth;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.util.List;

/**
 * Finds the API key in the request (for each key name: the header, then the query parameter), and
 * the consumer that owns it. Runs on the request's event loop; the lookup is one SHA-256 and one
 * hash-map read.
 */
final class KeyAuthPlugin implements Plugin {

    static final String CHALLENGE = "Key realm=\"portico\"";
    private static final Action.Respond NO_KEY = Action.unauthorized(CHALLENGE, "no API key found in request");
    private static final Action.Respond DUPLICATE_KEY =
            Action.unauthorized(CHALLENGE, "duplicate API key found in request");
    private static final Action.Respond INVALID_KEY =
            Action.unauthorized(CHALLENGE, "invalid authentication credentials");

    private final String[] keyNames;
    private final boolean inHeader;
    private final boolean inQuery;
    private final boolean hideCredentials;
    private final ApiKeys keys;
    private final Consumer anonymous;

    KeyAuthPlugin(KeyAuthConfig config, ApiKeys keys, Consumer anonymous) {
        this.keyNames = config.keyNames().toArray(new String[0]);
        this.inHeader = config.keyInHeader();
        this.inQuery = config.keyInQuery();
        this.hideCredentials = config.hideCredentials();
        this.keys = keys;
        this.anonymous = anonymous;
    }

    @Override
    public Action authenticate(HttpExchange exchange) {
        String key = null;
        boolean duplicate = false;
        for (String name : keyNames) {
            if (inHeader) {
                List<String> values = exchange.requestHeaders().getAll(name);
                if (!values.isEmpty()) {
                    key = values.get(0);
                    duplicate = values.size() > 1;
                    break;
                }
            }
            if (inQuery) {
                List<String> values = exchange.queryParameters(name);
                if (!values.isEmpty()) {
                    key = values.get(0);
                    duplicate = values.size() > 1;
                    break;
                }
            }
        }
        if (hideCredentials) {
            hide(exchange);
        }
        if (anonymous != null && exchange.authenticated()) {
            return Action.proceed(); // another authentication plugin already identified the caller
        }
        if (key == null || key.isEmpty()) {
            return reject(exchange, NO_KEY);
        }
        if (duplicate) {
            // Which of two keys counts is ambiguous (the upstream may read the other one): refuse both.
            return reject(exchange, DUPLICATE_KEY);
        }
        ConsumerCredential<KeyAuthCredential> found = keys.find(key);
        if (found == null) {
            return reject(exchange, INVALID_KEY);
        }
        exchange.authenticate(found.consumer(), found.credential());
        return Action.proceed();
    }

    private Action reject(HttpExchange exchange, Action.Respond unauthorized) {
        return Action.refuseOrAnonymous(exchange, anonymous, unauthorized);
    }

    /** Removes every place a key could be sent, valid or not: the upstream never needs it. */
    private void hide(HttpExchange exchange) {
        Headers headers = exchange.requestHeaders();
        for (String name : keyNames) {
            if (inHeader) {
                headers.remove(name);
            }
            if (inQuery) {
                exchange.removeQueryParameter(name);
            }
        }
    }
}
