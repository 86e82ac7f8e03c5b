package io.portico.chain;

/** Where a plugin configuration is attached, from least to most specific. */
public enum Scope {
    GLOBAL("global"),
    SERVICE("service"),
    ROUTE("route"),
    CONSUMER("consumer"),
    CONSUMER_ROUTE("consumer+route");

    private final String configName;

    Scope(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }
}
