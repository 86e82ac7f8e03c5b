package io.portico.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.observability.ConfigLoads;
import io.portico.plugin.CachePurge;
import io.portico.proxy.GatewaySnapshot;
import io.portico.proxy.UsageEntry;
import io.portico.server.Gateway;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin endpoints, from a method and a request-target to an answer; no Netty channel, no
 * authentication (the handler checks the token first, except for {@link #isPublic the health endpoints}).
 * Each request reads the snapshot current at that moment, so a reload shows in the next answer.
 *
 * <p>{@code GET /metrics} and {@code GET /status} count connections on the gateway's event loops, which
 * waits for them: both run on the admin worker, never on the admin event loop.
 */
final class AdminApi {

    static final String READ_ONLY_ALLOW = "GET, HEAD";
    static final String PURGE_ALLOW = "POST";
    static final Duration USAGE_TIMEOUT = Duration.ofSeconds(5);

    private final Gateway gateway;
    private final ConfigLoads loads;
    private final String version;
    private final Executor worker;

    /**
     * @param worker runs the endpoints that wait (metrics, status); may refuse work when busy (answered 503)
     */
    AdminApi(Gateway gateway, ConfigLoads loads, String version, Executor worker) {
        this.gateway = gateway;
        this.loads = loads;
        this.version = version;
        this.worker = worker;
    }

    /**
     * True for the health endpoints ({@code /health}, {@code /health/live}, {@code /health/ready}), which
     * answer without the admin token so that orchestrators can probe them; they tell nothing else.
     */
    static boolean isPublic(String uri) {
        try {
            return isHealth(segments(new QueryStringDecoder(uri).rawPath()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** An answer to a request without a body. */
    CompletionStage<AdminResponse> handle(String method, String uri, String requestId) {
        return handle(method, uri, new byte[0], requestId);
    }

    /** The answer; completes at once except for endpoints that wait (a usage in Redis, a scrape, a purge). */
    CompletionStage<AdminResponse> handle(String method, String uri, byte[] body, String requestId) {
        try {
            QueryStringDecoder target = new QueryStringDecoder(uri);
            String[] segments = segments(target.rawPath());
            if (!isKnown(segments)) {
                return done(AdminResponse.error(404, "not_found", "no admin endpoint at this path", requestId));
            }
            if (isPurge(segments)) {
                if (!method.equals("POST")) {
                    return done(AdminResponse.error(405, "method_not_allowed", "method " + method
                            + " is not allowed here", requestId).withHeader("Allow", PURGE_ALLOW));
                }
                return purge(body, requestId);
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return done(AdminResponse.error(405, "method_not_allowed", "method " + method
                        + " is not allowed here", requestId).withHeader("Allow", READ_ONLY_ALLOW));
            }
            return switch (segments[0]) {
                case "health" -> done(health(segments.length == 1 ? "" : segments[1]));
                case "metrics" -> onWorker(this::metrics, requestId);
                case "status" -> onWorker(() -> AdminResponse.json(AdminStatus.of(gateway, loads, version, Instant.now())),
                        requestId);
                case "consumers" -> usage(QueryStringDecoder.decodeComponent(segments[1]), requestId);
                default -> {
                    List<String> consumer = target.parameters().get("consumer");
                    yield done(chain(QueryStringDecoder.decodeComponent(segments[1]),
                            consumer == null ? null : consumer.get(0), requestId));
                }
            };
        } catch (IllegalArgumentException e) {
            // A malformed percent-escape in the path or the query.
            return done(AdminResponse.error(400, "bad_request", "malformed request-target", requestId));
        }
    }

    private static boolean isKnown(String[] segments) {
        if (isHealth(segments) || isPurge(segments)) {
            return true;
        }
        if (segments.length == 1) {
            return segments[0].equals("metrics") || segments[0].equals("status");
        }
        return segments.length == 3 && (segments[0].equals("consumers") && segments[2].equals("usage")
                || segments[0].equals("routes") && segments[2].equals("chain"));
    }

    private static boolean isPurge(String[] segments) {
        return segments.length == 2 && segments[0].equals("cache") && segments[1].equals("purge");
    }

    /**
     * {@code POST /cache/purge}: removes cached responses by key, route or tag from every cache of the
     * current configuration; {@code {"purged": n}}. Memory caches are this node's: send it to every node.
     */
    private CompletionStage<AdminResponse> purge(byte[] body, String requestId) {
        CachePurge.Target target = CachePurgeRequest.parse(body);
        if (target == null) {
            return done(AdminResponse.error(400, "bad_request", "expected " + CachePurgeRequest.RULE, requestId));
        }
        return gateway.snapshot().purgeCaches(target).toCompletableFuture()
                .orTimeout(USAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((purged, failure) -> {
                    if (failure != null) {
                        return AdminResponse.error(503, "service_unavailable", "a cache could not be purged", requestId);
                    }
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put(target.by().name().toLowerCase(Locale.ROOT), target.value());
                    document.put("purged", purged);
                    return AdminResponse.json(document);
                });
    }

    /** {@code /health}, {@code /health/live}, {@code /health/ready} (a trailing slash allowed). */
    private static boolean isHealth(String[] segments) {
        return segments.length >= 1 && segments.length <= 2 && segments[0].equals("health")
                && (segments.length == 1 || segments[1].equals("live") || segments[1].equals("ready"));
    }

    /**
     * {@code /health}: live while the process answers; ready while the gateway takes traffic, 503 once
     * shutdown began (so that a load balancer stops sending before the listeners close).
     *
     * @param probe "" for both, {@code live} or {@code ready}
     */
    private AdminResponse health(String probe) {
        boolean ready = gateway.isAcceptingTraffic();
        Map<String, Object> document = new LinkedHashMap<>();
        boolean ok = probe.equals("live") || ready;
        document.put("status", ok ? "ok" : "draining");
        if (!probe.equals("ready")) {
            document.put("live", true);
        }
        if (!probe.equals("live")) {
            document.put("ready", ready);
        }
        AdminResponse response = AdminResponse.json(document);
        return ok ? response : response.withStatus(503);
    }

    /** {@code GET /metrics}: every metric of the gateway and its plugins, in the Prometheus text format. */
    private AdminResponse metrics() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            gateway.metrics().scrape(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return AdminResponse.text(out.toByteArray(), gateway.metrics().contentType());
    }

    private CompletionStage<AdminResponse> onWorker(Supplier<AdminResponse> endpoint, String requestId) {
        try {
            return CompletableFuture.supplyAsync(endpoint, worker);
        } catch (RejectedExecutionException e) {
            return done(AdminResponse.error(503, "service_unavailable",
                    "the admin API is busy with earlier metrics and status requests", requestId)
                    .withHeader("Retry-After", "1"));
        }
    }

    /**
     * {@code GET /consumers/{name}/usage}: what the consumer has used under every plugin that counts
     * per consumer. A plugin that cannot answer within {@link #USAGE_TIMEOUT} fails the whole answer
     * with 503 rather than holding the admin connection.
     */
    private CompletionStage<AdminResponse> usage(String username, String requestId) {
        GatewaySnapshot snapshot = gateway.snapshot();
        if (!snapshot.hasConsumer(username)) {
            return done(AdminResponse.error(404, "not_found", "no consumer named " + quote(username), requestId));
        }
        return snapshot.consumerUsage(username).toCompletableFuture()
                .orTimeout(USAGE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .handle((entries, failure) -> {
                    if (failure != null) {
                        return AdminResponse.error(503, "service_unavailable",
                                "the usage could not be read in time", requestId);
                    }
                    Map<String, Object> document = new LinkedHashMap<>();
                    document.put("consumer", username);
                    List<Map<String, Object>> usage = new ArrayList<>(entries.size());
                    for (UsageEntry entry : entries) {
                        Map<String, Object> item = new LinkedHashMap<>();
                        item.put("plugin", entry.plugin());
                        item.put("source", entry.source());
                        entry.usage().forEach(item::putIfAbsent); // plugin and source are not the plugin's to change
                        usage.add(item);
                    }
                    document.put("usage", usage);
                    return AdminResponse.json(document);
                });
    }

    private static CompletionStage<AdminResponse> done(AdminResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    /** {@code GET /routes/{name}/chain[?consumer=NAME]}: the route's effective plugin chain. */
    private AdminResponse chain(String route, String consumer, String requestId) {
        GatewaySnapshot snapshot = gateway.snapshot();
        if (snapshot.chains(route) == null) {
            return AdminResponse.error(404, "not_found", "no route named " + quote(route), requestId);
        }
        if (consumer != null && !snapshot.hasConsumer(consumer)) {
            return AdminResponse.error(404, "not_found", "no consumer named " + quote(consumer), requestId);
        }
        return AdminResponse.ok(snapshot.chainReport(route, consumer).toJson());
    }

    /** The segments of a path: {@code /routes/a/chain} and {@code /routes/a/chain/} are routes, a, chain. */
    private static String[] segments(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? new String[0] : path.split("/", -1);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
