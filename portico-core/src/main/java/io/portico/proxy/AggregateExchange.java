package io.portico.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.config.AggregateSpec;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Phase;
import io.portico.upstream.BalancingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A request to an aggregate route: the request phases run as for any route (authentication, limits,
 * a cache hit may answer), then every backend is called in parallel and their JSON answers are merged
 * into one response, which the response phases see as a proxied one (a cache may store it). A
 * required backend that fails, or is still out at the deadline, fails the request with 502; an
 * optional one is left out and {@code X-Portico-Incomplete} names it. The request body is not sent
 * anywhere: it is released as it arrives.
 *
 * <p>Runs on the client's event loop, as do its backend calls.
 */
final class AggregateExchange implements Exchange, ChainExecution.Next, BackendCall.Listener, BalancingContext {

    /** Names the optional backends left out of an incomplete response, comma-separated. */
    static final AsciiString INCOMPLETE_HEADER = AsciiString.cached("x-portico-incomplete");

    private final DownstreamHandler downstream;
    private final EventLoop loop;
    private final ProxyRuntime runtime;
    private final RequestContext context;
    private final HttpRequest request;
    private final AggregatePlan plan;
    private final ChainExecution chain;

    private BackendCall[] calls;
    private JsonNode[] values;
    /** Per backend: ended (with a value or, for an optional one, left out). */
    private boolean[] ended;
    private int outstanding;
    private ScheduledFuture<?> deadline;
    private long callsStartNanos = -1;
    private long bytesIn;
    private boolean finished;

    AggregateExchange(DownstreamHandler downstream, EventLoop loop, ProxyRuntime runtime, RequestContext context,
            HttpRequest request, RouteTarget.Aggregate route, ChainExecution chain) {
        this.downstream = downstream;
        this.loop = loop;
        this.runtime = runtime;
        this.context = context;
        this.request = request;
        this.plan = route.plan();
        this.chain = chain;
    }

    void start() {
        chain.runRequestPhases(Phase.UPSTREAM_REQUEST, this);
    }

    /** The request phases passed: call every backend. */
    @Override
    public void proceed() {
        List<AggregatePlan.Backend> backends = plan.backends();
        int count = backends.size();
        calls = new BackendCall[count];
        values = new JsonNode[count];
        ended = new boolean[count];
        outstanding = count;
        callsStartNanos = System.nanoTime();
        deadline = loop.schedule(this::onDeadline, plan.timeoutNanos(), TimeUnit.NANOSECONDS);
        for (int i = 0; i < count && !finished; i++) {
            AggregatePlan.Backend backend = backends.get(i);
            String uri;
            try {
                uri = backend.path().render(backend.service().pathPrefix(), context.pathParameters());
            } catch (IllegalArgumentException e) {
                onBackendResult(i, null, "the path for service " + backend.service().name() + " is not safe to send");
                continue;
            }
            calls[i] = new BackendCall(i, backend.service(), backendRequest(backend, uri), loop, runtime.transport(),
                    this, plan.maxBodyBytes(), this);
            calls[i].start(); // may end at once (circuit open, no target), and so may this exchange
        }
    }

    /** GET with the configured client headers, the forwarded ones and the consumer's. */
    private HttpRequest backendRequest(AggregatePlan.Backend backend, String uri) {
        HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
        HttpHeaders headers = head.headers();
        HttpHeaders client = request.headers();
        for (String name : backend.spec().forwardHeaders()) {
            headers.add(name, client.getAll(name));
        }
        for (AsciiString name : ForwardedHeaders.CLIENT_CHAIN) {
            // The chain as the client sent it: apply() decides whether this peer may extend it.
            if (client.contains(name)) {
                headers.set(name, client.get(name));
            }
        }
        if (!headers.contains(HttpHeaderNames.ACCEPT)) {
            headers.set(HttpHeaderNames.ACCEPT, HttpHeaderValues.APPLICATION_JSON);
        }
        ForwardedHeaders.apply(headers, context.peerIp(), context.peerTrusted(), context.host(), context.listenerPort(),
                backend.service().hostHeader(), context.requestId(), false, false);
        ConsumerHeaders.apply(headers, chain.view().consumer(), chain.view().credential());
        return head;
    }

    @Override
    public void backendDone(BackendCall call) {
        onBackendResult(call.index(), call.body(), call.failure());
    }

    private void onBackendResult(int index, byte[] body, String failure) {
        if (finished || ended[index]) {
            return;
        }
        AggregatePlan.Backend backend = plan.backends().get(index);
        String why = failure;
        if (why == null) {
            boolean atRoot = backend.spec().key() == null;
            values[index] = AggregateMerge.parse(body, atRoot);
            if (values[index] == null) {
                why = "service " + backend.service().name() + " answered with a body that is not "
                        + (atRoot ? "a JSON object" : "JSON");
            }
        }
        if (why != null && !backend.spec().optional()) {
            failRequired(backend, why);
            return;
        }
        ended[index] = true;
        if (--outstanding == 0) {
            respondMerged();
        }
    }

    /** The deadline: a required backend still out fails the request; optional ones are left out. */
    private void onDeadline() {
        deadline = null;
        if (finished) {
            return;
        }
        String waited = "did not answer within " + TimeUnit.NANOSECONDS.toMillis(plan.timeoutNanos()) + "ms";
        for (int i = 0; i < ended.length; i++) {
            AggregatePlan.Backend backend = plan.backends().get(i);
            if (!ended[i] && !backend.spec().optional()) {
                failRequired(backend, "service " + backend.service().name() + " " + waited);
                return;
            }
        }
        for (int i = 0; i < ended.length; i++) {
            if (!ended[i]) {
                calls[i].cancel();
                ended[i] = true;
            }
        }
        outstanding = 0;
        respondMerged();
    }

    private void failRequired(AggregatePlan.Backend backend, String why) {
        cancelCalls();
        FullHttpResponse error = ErrorResponses.json(HttpResponseStatus.BAD_GATEWAY, "bad_gateway",
                "backend " + backend.spec().label() + " failed: " + why, context.requestId());
        // A plugin may answer instead, as for a proxied route's upstream error (a stale cached copy).
        FullHttpResponse answer = chain.recover(HttpResponseStatus.BAD_GATEWAY.code());
        if (answer != null) {
            error.release();
            respondLocally(answer);
        } else {
            respondLocally(error);
        }
    }

    /** Every backend ended or was left out: the merged JSON goes through the response phases to the client. */
    private void respondMerged() {
        cancelDeadline();
        String[] keys = new String[values.length];
        List<String> missing = new ArrayList<>(0);
        for (int i = 0; i < keys.length; i++) {
            AggregateSpec.Backend spec = plan.backends().get(i).spec();
            keys[i] = spec.key();
            if (values[i] == null) {
                missing.add(spec.label());
            }
        }
        byte[] body = AggregateMerge.merge(keys, values);
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (!missing.isEmpty()) {
            head.headers().set(INCOMPLETE_HEADER, String.join(", ", missing));
            // A partial answer must not be kept by any cache, ours included, as if it were the resource.
            head.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        }
        ResponseBodyTee tee = chain.responseHeaders(head, false);
        if (chain.transformsResponseBody()) {
            byte[] transformed = body.length > chain.maxResponseBodyBytes() ? null : chain.responseBody(head, body);
            if (transformed == null) {
                if (tee != null) {
                    tee.abandon();
                }
                respondLocally(ErrorResponses.json(HttpResponseStatus.BAD_GATEWAY, "bad_gateway",
                        "a plugin could not transform the aggregated response", context.requestId()));
                return;
            }
            body = transformed;
        }
        if (tee != null) {
            tee.copy(body);
            tee.complete();
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, head.status(),
                Unpooled.wrappedBuffer(body), head.headers(), HttpHeaders.EMPTY_HEADERS);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        finish(response);
    }

    /** A plugin answered, or the aggregate failed: the response-head phase sees a local answer. */
    @Override
    public void respond(FullHttpResponse response) {
        respondLocally(response);
    }

    private void respondLocally(FullHttpResponse response) {
        if (finished) {
            response.release();
            return;
        }
        chain.responseHeaders(response, true);
        finish(response);
    }

    private void finish(FullHttpResponse response) {
        finished = true;
        cancelCalls();
        cancelDeadline();
        chain.cancel();
        // Read before the write, which releases the buffer.
        int status = response.status().code();
        long bytesOut = response.content().readableBytes();
        downstream.respond(context, response, null, null, bytesIn);
        chain.log(completed(status, bytesOut));
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
        return false; // the response goes out whole, at once
    }

    @Override
    public void abort(String reason, int loggedStatus) {
        if (finished) {
            return;
        }
        finished = true;
        cancelCalls();
        cancelDeadline();
        chain.cancel();
        downstream.logAborted(context, loggedStatus, bytesIn);
        chain.log(completed(loggedStatus, 0));
    }

    private void cancelCalls() {
        if (calls == null) {
            return;
        }
        for (BackendCall call : calls) {
            if (call != null) {
                call.cancel();
            }
        }
    }

    private void cancelDeadline() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private Completed completed(int status, long bytesOut) {
        long now = System.nanoTime();
        return new Completed(status, null, bytesIn, bytesOut, now - context.startNanos(),
                callsStartNanos < 0 ? -1 : now - callsStartNanos, context.startEpochNanos(), List.of());
    }

    // BalancingContext: what consistent hashing may key on, from the client's request.

    @Override
    public String clientIp() {
        return context.clientIp();
    }

    @Override
    public String header(String lowerCaseName) {
        return request.headers().get(lowerCaseName);
    }

    @Override
    public String cookie(String name) {
        return RequestCookies.find(request.headers(), name);
    }

    @Override
    public String path() {
        return context.path();
    }

    @Override
    public String consumer() {
        Consumer consumer = chain.view().consumer();
        return consumer == null ? null : consumer.username();
    }
}
