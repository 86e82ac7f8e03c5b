package io.portico.admin;

import io.portico.observability.ConfigLoads;
import io.portico.observability.ConnectionCounts;
import io.portico.server.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The document of {@code GET /status}: what runs, since when, with which configuration, and how busy. */
final class AdminStatus {

    private AdminStatus() {}

    /** Counts connections on the gateway's event loops: call it on the admin worker, not an event loop. */
    static Map<String, Object> of(Gateway gateway, ConfigLoads loads, String version, Instant now) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("version", version);
        document.put("started_at", timestamp(gateway.startedAt()));
        document.put("uptime_seconds", Math.max(0, Duration.between(gateway.startedAt(), now).toSeconds()));
        ConfigLoads.Loaded loaded = loads.current();
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("hash", loaded.hash());
        config.put("loaded_at", timestamp(loaded.at()));
        config.put("source", loaded.source());
        document.put("config", config);
        ConnectionCounts counts = gateway.connections();
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("open", counts.open());
        connections.put("active", counts.active());
        connections.put("idle", counts.idle());
        document.put("connections", connections);
        document.put("requests_total", gateway.requestsReceived());
        document.put("draining", !gateway.isAcceptingTraffic());
        return document;
    }

    /** ISO-8601 in UTC to the millisecond, as the access log writes times. */
    private static String timestamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
