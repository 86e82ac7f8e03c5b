package io.portico.plugins.ratelimiting;

import io.portico.plugin.Consumer;
import io.portico.plugin.Credential;
import io.portico.plugin.HttpExchange;

/**
 * Whose requests are counted together. As in Kong, a request without the chosen identity (no consumer,
 * no credential, no such header) is counted by its client IP.
 */
enum LimitBy {
    IP("ip"),
    CONSUMER("consumer"),
    CREDENTIAL("credential"),
    HEADER("header"),
    PATH("path"),
    SERVICE("service");

    private final String configName;

    LimitBy(String configName) {
        this.configName = configName;
    }

    String configName() {
        return configName;
    }

    static LimitBy named(String configName) {
        for (LimitBy limitBy : values()) {
            if (limitBy.configName.equals(configName)) {
                return limitBy;
            }
        }
        throw new IllegalArgumentException("limit_by: " + configName);
    }

    /**
     * The identity requests are counted under, prefixed with its kind so that, say, a header value
     * can never share a counter with an IP address. Runs on the event loop.
     */
    String identify(HttpExchange exchange, String headerName) {
        switch (this) {
            case CONSUMER -> {
                Consumer consumer = exchange.consumer();
                if (consumer != null) {
                    return "consumer:" + consumer.username();
                }
            }
            case CREDENTIAL -> {
                Consumer consumer = exchange.consumer();
                Credential credential = exchange.credential();
                if (consumer != null && credential != null) {
                    return "credential:" + consumer.username() + ":" + credential.identifier();
                }
            }
            case HEADER -> {
                String value = exchange.requestHeaders().get(headerName);
                if (value != null) {
                    return "header:" + value;
                }
            }
            case PATH -> {
                return "path:" + exchange.path();
            }
            case SERVICE -> {
                String service = exchange.serviceName();
                return service != null ? "service:" + service : "route:" + exchange.routeName();
            }
            case IP -> {
                // the client's address, below
            }
        }
        return "ip:" + exchange.clientIp();
    }
}
