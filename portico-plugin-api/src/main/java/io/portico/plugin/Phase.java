package io.portico.plugin;

/**
 * The phases of a request, in the order they run. Inside a phase, plugins run by priority (higher
 * first), then by name. A plugin declares its phases in {@link PluginType#phases()}.
 */
public enum Phase {
    /** Before authentication: request ids, early rewrites. */
    REWRITE("rewrite"),
    /** Identify the consumer (key-auth, jwt...). Consumer-scoped plugins are not known yet. */
    AUTHENTICATE("authenticate"),
    /** Allow or deny (acl, ip-restriction, size limits); consumer-scoped plugins apply from here on. */
    ACCESS("access"),
    /** Last changes to the request before it is sent upstream (headers, query). */
    UPSTREAM_REQUEST("upstream_request"),
    /** The whole request body, buffered up to the plugin's bound, before it is sent upstream. */
    REQUEST_BODY("request_body"),
    /** Each try to reach the upstream, retries included: per-try headers (a trace's client span). */
    UPSTREAM_ATTEMPT("upstream_attempt"),
    /** The response head, from the upstream or from Portico, before it goes to the client. */
    RESPONSE_HEADERS("response_headers"),
    /** The whole response body of a proxied response, buffered up to the plugin's bound. */
    RESPONSE_BODY("response_body"),
    /** After the response is complete; for metrics and logs. */
    LOG("log");

    private final String configName;

    Phase(String configName) {
        this.configName = configName;
    }

    /** The name used in docs, {@code portico explain} and the admin API. */
    public String configName() {
        return configName;
    }

    /** Phases in which consumer-scoped plugins may run: after the consumer is known. */
    public boolean afterAuthentication() {
        return ordinal() > AUTHENTICATE.ordinal();
    }
}
