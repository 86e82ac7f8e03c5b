package io.portico.admin;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.portico.proxy.GatewaySnapshot;
import java.util.List;
import java.util.function.Supplier;

/**
 * The admin endpoints, from a method and a request-target to an answer; no Netty channel, no
 * authentication (the handler checks the token first). Each request reads the snapshot current at that
 * moment, so a reload shows in the next answer.
 */
final class AdminApi {

    static final String CHAIN_ALLOW = "GET, HEAD";

    private final Supplier<GatewaySnapshot> snapshots;

    AdminApi(Supplier<GatewaySnapshot> snapshots) {
        this.snapshots = snapshots;
    }

    AdminResponse handle(String method, String uri, String requestId) {
        try {
            QueryStringDecoder target = new QueryStringDecoder(uri);
            String[] segments = segments(target.rawPath());
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
        } catch (IllegalArgumentException e) {
            // A malformed percent-escape in the path or the query.
            return AdminResponse.error(400, "bad_request", "malformed request-target", requestId);
        }
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
