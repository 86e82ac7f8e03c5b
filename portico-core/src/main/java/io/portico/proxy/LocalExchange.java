package io.portico.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.portico.plugin.Completed;
import io.portico.plugin.Phase;
import java.util.List;

/**
 * A request to a route that answers by itself (a static {@code response:}) and has plugins: the
 * request phases run first (authentication applies to static routes too), then the static answer.
 * The request body is not needed and is released as it arrives.
 */
final class LocalExchange implements Exchange, ChainExecution.Next {

    private final DownstreamHandler downstream;
    private final RequestContext context;
    private final RouteTarget.Static route;
    private final ChainExecution chain;
    private long bytesIn;
    private boolean finished;

    LocalExchange(DownstreamHandler downstream, RequestContext context, RouteTarget.Static route, ChainExecution chain) {
        this.downstream = downstream;
        this.context = context;
        this.route = route;
        this.chain = chain;
    }

    void start() {
        chain.runRequestPhases(Phase.ACCESS, this);
    }

    @Override
    public void proceed() {
        respond(route.newResponse());
    }

    @Override
    public void respond(FullHttpResponse response) {
        if (finished) {
            response.release();
            return;
        }
        finished = true;
        chain.cancel();
        chain.responseHeaders(response, true);
        long bytesOut = response.content().readableBytes();
        downstream.respond(context, response, null, null, bytesIn);
        chain.log(completed(response.status().code(), bytesOut));
    }

    @Override
    public void onRequestContent(HttpContent content) {
        bytesIn += content.content().readableBytes();
        content.release();
    }

    @Override
    public void onClientReadComplete() {}

    @Override
    public void onClientWritabilityChanged() {}

    @Override
    public boolean responseStarted() {
        return false;
    }

    @Override
    public void abort(String reason, int loggedStatus) {
        if (finished) {
            return;
        }
        finished = true;
        chain.cancel();
        downstream.logAborted(context, loggedStatus, bytesIn);
        chain.log(completed(loggedStatus, 0));
    }

    private Completed completed(int status, long bytesOut) {
        return new Completed(status, null, bytesIn, bytesOut, System.nanoTime() - context.startNanos(), -1,
                context.startEpochNanos(), List.of());
    }
}
