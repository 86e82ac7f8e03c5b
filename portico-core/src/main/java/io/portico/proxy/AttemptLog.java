package io.portico.proxy;

import io.netty.handler.codec.http.HttpRequest;
import io.portico.plugin.AttemptResult;
import io.portico.plugin.Headers;
import io.portico.plugin.UpstreamAttempt;
import java.util.ArrayList;
import java.util.List;

/**
 * The tries of one proxied request: what the {@code upstream_attempt} phase is shown before each, and
 * how each ended, for the log phase. Made only for chains with plugins in either phase. Runs on the
 * request's event loop.
 */
final class AttemptLog implements UpstreamAttempt {

    private final long requestStartNanos;
    private final HttpRequest request;
    /** Made when an upstream_attempt plugin first asks: a chain with only log plugins never needs it. */
    private Headers headers;
    private final List<AttemptResult> results = new ArrayList<>(2);
    private int number;
    private String target;
    private long startNanos;
    private boolean open;

    /** {@code request} is the one sent upstream: its URI is already the upstream's. */
    AttemptLog(long requestStartNanos, HttpRequest request) {
        this.requestStartNanos = requestStartNanos;
        this.request = request;
    }

    /** A new try begins: it is the one {@link UpstreamAttempt} describes until it ends. */
    void started(String target, long startNanos) {
        number++;
        this.target = target;
        this.startNanos = startNanos;
        this.open = true;
    }

    /** The current try ended with a status, or (status 0) with {@code failure}. */
    void finished(int status, String failure, long endNanos) {
        if (!open) {
            return;
        }
        open = false;
        results.add(new AttemptResult(number, target, startNanos - requestStartNanos, endNanos - startNanos, status,
                status == 0 ? failure : null));
    }

    List<AttemptResult> results() {
        return results;
    }

    @Override
    public int number() {
        return number;
    }

    @Override
    public String target() {
        return target;
    }

    @Override
    public String path() {
        String uri = request.uri();
        int query = uri.indexOf('?');
        return query < 0 ? uri : uri.substring(0, query);
    }

    @Override
    public Headers requestHeaders() {
        if (headers == null) {
            headers = new NettyHeaders(request.headers());
        }
        return headers;
    }
}
