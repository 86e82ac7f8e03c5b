package io.portico.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.proxy.GatewaySnapshot;
import io.portico.proxy.UsageEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The admin endpoints, from a method and a request-target to an answer; no Netty channel, no
 * authentication (the handler checks the token first). Each request reads the snapshot current at that
 * moment, so a reload shows in the next answer.
 */
final class AdminApi {

    static final String CHAIN_ALLOW = "GET, HEAD";
    static final Duration USAGE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<GatewaySnapshot> snapshots;

    AdminApi(Supplier<GatewaySnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    /** The answer; completes at once except for endpoints that ask plugins (a usage in Redis). */
    CompletionStage<AdminResponse> handle(String method, String uri, String requestId) {
        try {
            QueryStringDecoder target = new QueryStringDecoder(uri);
            String[] segments = segments(target.rawPath());
            if (segments.length == 3 && segments[0].equals("consumers") && segments[2].equals("usage")) {
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    return done(AdminResponse.error(405, "method_not_allowed", "method " + method
                            + " is not allowed here", requestId).withHeader("Allow", CHAIN_ALLOW));
                }
                return usage(QueryStringDecoder.decodeComponent(segments[1]), requestId);
            }
            return done(chainOrNotFound(method, target, segments, requestId));
        } catch (IllegalArgumentException e) {
            // A malformed percent-escape in the path or the query.
            return done(AdminResponse.error(400, "bad_request", "malformed request-target", requestId));
        }
    }

    private AdminResponse chainOrNotFound(String method, QueryStringDecoder target, String[] segments, String requestId) {
        if (segments.length == 3 && segments[0].equals("routes") && segments[2].equals("chain")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                return AdminResponse.error(405, "method_not_allowed", "method " + method + " is not allowed here",
                        requestId).withHeader("Allow", CHAIN_ALLOW);
            }
            List<String> consumer = target.parameters().get("consumer");
            return chain(QueryStringDecoder.decodeComponent(segments[1]),
                    consumer == null ? null : consumer.get(0), requestId);
        }
        return AdminResponse.error(404, "not_found", "no admin endpoint at this path", requestId);
    }

    /**
     * {@code GET /consumers/{name}/usage}: what the consumer has used under every plugin that counts
     * per consumer. A plugin that cannot answer within {@link #USAGE_TIMEOUT} fails the whole answer
     * with 503 rather than holding the admin connection.
     */
    private CompletionStage<AdminResponse> usage(String username, String requestId) {
        GatewaySnapshot snapshot = snapshots.get();
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
        GatewaySnapshot snapshot = snapshots.get();
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
