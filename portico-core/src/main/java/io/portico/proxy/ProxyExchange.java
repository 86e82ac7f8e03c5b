package io.portico.proxy;

import io.netty.channel.Channel;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.portico.http.StrictHttpResponseDecoder;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Phase;
import io.portico.upstream.AttemptOutcome;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.breaker.CircuitBreaker;
import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one request to a service and relays the response: target selection, connection from the
 * pool (or a new one on the client's event loop), streaming in both directions with backpressure,
 * the read timeout, retries on another target, the circuit breaker's verdict and the access log line.
 *
 * <p>Backpressure: when the upstream channel is not writable the client stops being read; when the
 * client is not writable the upstream stops being read. Both channels share one event loop, so the
 * pair needs no locks (see package docs for ByteBuf ownership).
 *
 * <p>A request is retried only when doing so cannot duplicate it: after a connect failure (nothing
 * was sent), or for idempotent requests without a body. Once the response head has gone to the client
 * a failure aborts the client connection, so a truncated body never looks complete.
 */
final class ProxyExchange implements Exchange, UpstreamListener, BalancingContext, ChainExecution.Next {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private static final int MAX_PENDING_BYTES = 64 * 1024;
    private static final String NO_HEALTHY_RETRY_AFTER_SECONDS = "5";
    /** Logged when the client goes away before its response is complete (NGINX's convention). */
    static final int CLIENT_CLOSED_STATUS = 499;

    private final DownstreamHandler downstream;
    private final ChannelHandlerContext client;
    private final ProxyRuntime runtime;
    private final RequestContext context;
    private final HttpRequest request;
    private final RouteTarget.Proxied route;
    private final ServiceRuntime service;
    private final int matchedLength;
    /** Whether the upstream method may be retried; follows a method a plugin changed. */
    private boolean idempotent;
    private final ChainExecution chain;
    /** Set once the access phase passed and the request head was rewritten for the upstream. */
    private boolean upstreamPrepared;

    private final ArrayDeque<HttpContent> pending = new ArrayDeque<>(4);
    private int pendingBytes;
    private boolean requestHasBody;
    private boolean requestComplete;
    /** The request body while request-body plugins wait for all of it (bounded by the chain); else null. */
    private ResponseBodyBuffer requestBody;
    private long bytesIn;

    private final int maxAttempts;
    private TriedTargets tried = TriedTargets.NONE;
    private Target target;
    private boolean attemptOpen;
    private long attemptStartNanos;
    /** Time to the response head of the current attempt: what p2c-ewma should weigh, not the body transfer. */
    private long headLatencyNanos = -1;
    private long firstAttemptNanos = -1;
    /** The tries as plugins see and log them; null unless the chain observes attempts. */
    private AttemptLog attempts;
    private boolean reusedConnection;
    private boolean staleConnectionRetried;
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private long lastUpstreamActivityNanos;
    private UpstreamFailure lastFailure;
    /** The service's circuit breaker let this request through; null once its outcome is recorded (or no breaker). */
    private CircuitBreaker.Permit circuitPermit;

    private boolean interimResponse;
    private boolean responseStarted;
    /** The response head, until the first body bytes or the end of the read that brought it. */
    private HttpResponse heldHead;
    private boolean upstreamReusable;
    private boolean clientKeepAlive;
    private int status;
    private long bytesOut;
    private boolean finished;
    /** The response body while response-body plugins wait for all of it (bounded by the chain). */
    private ResponseBodyBuffer bufferedBody;
    /** Copies of the body for the plugins observing it (a cache); null when none asked. */
    private ResponseBodyTee tee;

    ProxyExchange(DownstreamHandler downstream, ChannelHandlerContext client, ProxyRuntime runtime, RequestContext context,
            HttpRequest request, RouteTarget.Proxied route, int matchedLength, ChainExecution chain) {
        this.downstream = downstream;
        this.client = client;
        this.runtime = runtime;
        this.context = context;
        this.request = request;
        this.route = route;
        this.service = route.service();
        this.matchedLength = matchedLength;
        this.idempotent = isIdempotent(request.method());
        this.maxAttempts = 1 + service.retries().attempts();
        this.chain = chain;
    }

    void start() {
        chain.runRequestPhases(Phase.ACCESS, this);
    }

    /** The request phases up to {@code access} passed (then {@code upstream_request}): on to the upstream. */
    @Override
    public void proceed() {
        if (upstreamPrepared) {
            // After upstream_request: plugins may have changed the query, the path or the method until now.
            ExchangeView view = chain.view();
            String rewritten = view.upstreamPath();
            request.setUri(rewritten != null
                    ? UpstreamUris.rewritten(service.pathPrefix(), rewritten, view.upstreamQuery())
                    : UpstreamUris.of(service.pathPrefix(), context.path(), matchedLength, route.stripPath(),
                            view.upstreamQuery()));
            if (view.upstreamMethod() != null) {
                request.setMethod(view.upstreamMethod());
                idempotent = isIdempotent(request.method());
            }
            if (requestHasBody && chain.transformsRequestBody()) {
                collectRequestBody();
                return;
            }
            sendUpstream();
            return;
        }
        upstreamPrepared = true;
        if (bodyOverLimit(HttpUtil.getContentLength(request, 0L)) || bodyOverLimit(bytesIn)) {
            rejectBodyTooLarge();
            return;
        }
        boolean chunked = HttpUtil.isTransferEncodingChunked(request);
        requestHasBody = chunked || HttpUtil.getContentLength(request, 0L) > 0;
        String upstreamHost = route.preserveHost() ? null : service.hostHeader();
        ForwardedHeaders.apply(request.headers(), context.peerIp(), context.peerTrusted(), context.host(),
                context.listenerPort(), upstreamHost, context.requestId(), requestHasBody, chunked);
        ExchangeView view = chain.view();
        ConsumerHeaders.apply(request.headers(), view.consumer(), view.credential());
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        chain.runRequestPhases(Phase.UPSTREAM_REQUEST, this);
    }

    private void sendUpstream() {
        if (service.circuit() != null) {
            circuitPermit = service.circuit().breaker().tryAcquire();
            if (circuitPermit == null) {
                respondWithUpstreamError(service.circuit().openResponse(context.requestId()));
                return;
            }
        }
        service.retryBudget().recordRequest();
        attempt();
    }

    /**
     * Gathers the whole request body for the request-body plugins (up to their bound, else 413), reading
     * on while it arrives; the upstream is contacted once they have rewritten it.
     */
    private void collectRequestBody() {
        int maxBytes = chain.maxRequestBodyBytes();
        if (HttpUtil.getContentLength(request, -1L) > maxBytes) {
            rejectBodyTooLarge();
            return;
        }
        if (HttpUtil.is100ContinueExpected(request)) {
            // The upstream will not be asked before the body is here: Portico itself invites it.
            request.headers().remove(HttpHeaderNames.EXPECT);
            client.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE));
        }
        requestBody = new ResponseBodyBuffer(client.alloc(), maxBytes);
        HttpContent content;
        while ((content = pending.poll()) != null) {
            if (!requestBody.add(content)) {
                rejectBodyTooLarge();
                return;
            }
        }
        pendingBytes = 0;
        updateClientReading();
        if (requestComplete) {
            requestBodyCollected();
        }
    }

    private void requestBodyCollected() {
        byte[] body = requestBody.drain();
        requestBody = null;
        byte[] transformed = chain.requestBody(body);
        if (transformed == null) {
            respondLocally(ErrorResponses.json(HttpResponseStatus.INTERNAL_SERVER_ERROR, "plugin_failed",
                    "a plugin could not transform the request body", context.requestId()));
            return;
        }
        request.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, transformed.length);
        pending.add(new DefaultLastHttpContent(Unpooled.wrappedBuffer(transformed)));
        pendingBytes = transformed.length;
        sendUpstream();
    }

    /** A plugin answered the request itself (a 401, a CORS preflight...). */
    @Override
    public void respond(FullHttpResponse response) {
        respondLocally(response);
    }

    private boolean bodyOverLimit(long bytes) {
        long limit = chain.view().bodyLimit();
        return limit >= 0 && bytes > limit;
    }

    /** A body over a plugin's limit: 413, and an upstream that got part of it is cut off before it completes. */
    private void rejectBodyTooLarge() {
        finishAttempt(null);
        dropUpstream();
        respondLocally(ErrorResponses.json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "the request body is larger than this route allows", context.requestId()));
    }

    private void attempt() {
        Target next = service.upstream().select(this, tried);
        if (next == null) {
            failWithoutTarget();
            return;
        }
        tried = tried.with(next);
        connect(next);
    }

    private void connect(Target next) {
        target = next;
        attemptOpen = true;
        attemptStartNanos = System.nanoTime();
        if (firstAttemptNanos < 0) {
            firstAttemptNanos = attemptStartNanos;
        }
        next.attemptStarted();
        observeAttempt(next);
        Channel pooled = staleConnectionRetried ? null
                : UpstreamConnectionPool.of(client.channel().eventLoop()).acquire(next.socketAddress());
        if (pooled != null) {
            reusedConnection = true;
            onConnected(pooled);
            return;
        }
        reusedConnection = false;
        UpstreamConnector.connect(client.channel().eventLoop(), runtime.transport(), service.connectTimeoutMillis(),
                next.socketAddress()).addListener(this::onConnectDone);
    }

    private void observeAttempt(Target next) {
        if (attempts == null) {
            if (!chain.observesAttempts()) {
                return;
            }
            attempts = new AttemptLog(context.startNanos(), request);
        }
        attempts.started(next.address().toString(), attemptStartNanos);
        chain.upstreamAttempt(attempts);
    }

    private void onConnectDone(Future<? super Void> future) {
        Channel channel = ((ChannelFuture) future).channel();
        if (finished) {
            if (future.isSuccess()) {
                UpstreamConnectionPool.of(channel.eventLoop()).release(target.socketAddress(), channel);
            }
            return;
        }
        if (future.isSuccess()) {
            onConnected(channel);
        } else {
            onAttemptFailed(future.cause() instanceof ConnectTimeoutException
                    ? UpstreamFailure.CONNECT_TIMEOUT
                    : UpstreamFailure.CONNECT_FAILURE);
        }
    }

    private void onConnected(Channel channel) {
        upstream = channel;
        upstreamHandler = channel.pipeline().get(UpstreamHandler.class);
        upstreamHandler.attach(this, service.readTimeoutNanos());
        channel.pipeline().get(StrictHttpResponseDecoder.class).expectResponseTo(request.method());
        channel.config().setAutoRead(true);
        channel.write(request, channel.voidPromise());
        HttpContent content;
        while ((content = pending.poll()) != null) {
            channel.write(content, channel.voidPromise());
        }
        pendingBytes = 0;
        channel.flush();
        lastUpstreamActivityNanos = System.nanoTime();
        updateClientReading();
    }

    @Override
    public void onRequestContent(HttpContent content) {
        int size = content.content().readableBytes();
        bytesIn += size;
        if (content instanceof LastHttpContent) {
            requestComplete = true;
        }
        if (finished || responseStarted && upstream == null) {
            content.release();
            return;
        }
        if (upstreamPrepared && !responseStarted && bodyOverLimit(bytesIn)) {
            content.release();
            rejectBodyTooLarge();
            return;
        }
        if (requestBody != null) {
            if (!requestBody.add(content)) {
                rejectBodyTooLarge();
            } else if (content instanceof LastHttpContent) {
                requestBodyCollected();
            }
            return;
        }
        if (upstream != null) {
            upstream.write(content, upstream.voidPromise());
            lastUpstreamActivityNanos = System.nanoTime();
            if (!upstream.isWritable()) {
                updateClientReading();
            }
        } else {
            pending.add(content);
            pendingBytes += size;
            if (pendingBytes > MAX_PENDING_BYTES) {
                updateClientReading();
            }
        }
    }

    @Override
    public void onClientReadComplete() {
        if (upstream != null) {
            upstream.flush();
        }
    }

    @Override
    public void onClientWritabilityChanged() {
        if (upstream != null && responseStarted) {
            upstream.config().setAutoRead(client.channel().isWritable());
        }
    }

    @Override
    public void onUpstreamWritabilityChanged() {
        updateClientReading();
    }

    /** Reads from the client only while what it sends can go somewhere. */
    private void updateClientReading() {
        boolean read;
        if (finished || requestBody != null) {
            read = true; // a body being gathered is bounded by the plugins' limit
        } else if (upstream != null) {
            read = upstream.isWritable();
        } else {
            read = pendingBytes <= MAX_PENDING_BYTES;
        }
        client.channel().config().setAutoRead(read);
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        lastUpstreamActivityNanos = System.nanoTime();
        int code = response.status().code();
        headLatencyNanos = System.nanoTime() - attemptStartNanos;
        if (code < 200) {
            if (code == 101) {
                onAttemptFailed(UpstreamFailure.BAD_RESPONSE);
                return;
            }
            // 100 Continue and friends go to the client as they are; the final response follows.
            interimResponse = true;
            HopByHopHeaders.remove(response.headers());
            client.write(response, client.voidPromise());
            return;
        }
        if (isRetryableStatus(code)) {
            finishAttempt(AttemptOutcome.response(code));
            dropUpstream();
            lastFailure = null;
            status = code;
            attempt();
            return;
        }
        status = code;
        responseStarted = true;
        // The breaker judges the final response head: retries are over, and a long body holds no trial slot.
        recordCircuitStatus(code);
        if (isRecoverableStatus(code) && recoveredFrom(code)) {
            return;
        }
        boolean hasBody = !request.method().equals(HttpMethod.HEAD) && code != 204 && code != 304;
        boolean lengthKnown = HttpUtil.isContentLengthSet(response);
        boolean upstreamChunked = HttpUtil.isTransferEncodingChunked(response);
        upstreamReusable = HttpUtil.isKeepAlive(response) && (!hasBody || lengthKnown || upstreamChunked);
        clientKeepAlive = context.keepAlive() && !downstream.isDraining();
        HopByHopHeaders.remove(response.headers());
        ForwardedHeaders.appendVia(response.headers());
        if (hasBody && !lengthKnown) {
            if (context.version().equals(HttpVersion.HTTP_1_1)) {
                response.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
            } else {
                clientKeepAlive = false; // an HTTP/1.0 client learns the end of the body from the close
            }
        }
        response.setProtocolVersion(HttpVersion.HTTP_1_1);
        DownstreamHandler.prepareConnectionHeader(response, context.version(), clientKeepAlive);
        if (context.latencyHeaders()) {
            LatencyHeaders.setProxied(response.headers(), context.startNanos(), firstAttemptNanos, System.nanoTime());
        }
        tee = chain.responseHeaders(response, false);
        if (hasBody && chain.transformsResponseBody()) {
            bufferedBody = new ResponseBodyBuffer(client.alloc(), chain.maxResponseBodyBytes());
        }
        // Held back until the first body bytes or the end of this read (it is flushed then anyway), so
        // that a body whose framing breaks before any byte of it is relayed still gets a clean 502.
        heldHead = response;
    }

    private void writeHeldHead() {
        if (heldHead != null && bufferedBody == null) {
            client.write(heldHead, client.voidPromise());
            heldHead = null;
        }
    }

    @Override
    public void onResponseContent(HttpContent content) {
        lastUpstreamActivityNanos = System.nanoTime();
        if (interimResponse) {
            if (content instanceof LastHttpContent) {
                interimResponse = false;
            }
            client.write(content, client.voidPromise());
            return;
        }
        if (!responseStarted || finished) {
            content.release();
            return;
        }
        if (bufferedBody != null) {
            bufferResponseContent(content);
            return;
        }
        writeHeldHead();
        bytesOut += content.content().readableBytes();
        if (tee != null) {
            tee.copy(content.content()); // before the write, which releases the chunk
        }
        if (!(content instanceof LastHttpContent)) {
            client.write(content, client.voidPromise());
            if (!client.channel().isWritable()) {
                upstream.config().setAutoRead(false);
            }
            return;
        }
        finishAttempt(AttemptOutcome.response(status));
        releaseUpstream();
        completeTee();
        client.writeAndFlush(content).addListener(this::onResponseWritten);
    }

    /** Collects the body for the response-body plugins; past their bound the response fails with 502. */
    private void bufferResponseContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        if (!bufferedBody.add(content)) {
            finishAttempt(AttemptOutcome.response(status));
            dropUpstream();
            failBufferedResponse("the upstream response is larger than the route's body plugins accept");
            return;
        }
        if (!last) {
            return;
        }
        finishAttempt(AttemptOutcome.response(status));
        releaseUpstream();
        byte[] gathered = bufferedBody.drain();
        bufferedBody = null;
        byte[] body = chain.responseBody(heldHead, gathered);
        if (body == null) {
            failBufferedResponse("a plugin could not transform the upstream response");
            return;
        }
        heldHead.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        heldHead.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        writeHeldHead();
        bytesOut = body.length;
        if (tee != null) {
            tee.copy(body); // the observers see what the client gets: the transformed body
            completeTee();
        }
        client.writeAndFlush(new DefaultLastHttpContent(Unpooled.wrappedBuffer(body))).addListener(this::onResponseWritten);
    }

    private void failBufferedResponse(String message) {
        abandonTee();
        releaseBufferedBody();
        heldHead = null;
        responseStarted = false;
        respondLocally(ErrorResponses.json(HttpResponseStatus.BAD_GATEWAY, "bad_gateway", message, context.requestId()));
    }

    @Override
    public void onUpstreamReadComplete() {
        if (responseStarted || interimResponse) {
            writeHeldHead();
            client.flush();
        }
    }

    private void onResponseWritten(Future<? super Void> future) {
        if (finished) {
            return;
        }
        finished = true;
        updateClientReading();
        logLine(status);
        downstream.exchangeEnded(this);
        if (future.isSuccess()) {
            downstream.responseComplete(clientKeepAlive);
        } else {
            client.close();
        }
    }

    @Override
    public void onUpstreamClosed() {
        onAttemptFailed(UpstreamFailure.RESET);
    }

    @Override
    public void onUpstreamRejected(String reason) {
        log.debug("upstream {} of service {} sent an invalid response: {}", target, service.name(), reason);
        onAttemptFailed(UpstreamFailure.BAD_RESPONSE);
    }

    @Override
    public long lastUpstreamActivityNanos() {
        return lastUpstreamActivityNanos;
    }

    /** Called by the connection's read timer when the upstream has been silent for read_timeout. */
    @Override
    public void onReadTimeout() {
        if (!finished && upstream != null) {
            onAttemptFailed(UpstreamFailure.READ_TIMEOUT);
        }
    }

    private void onAttemptFailed(UpstreamFailure failure) {
        if (finished) {
            return;
        }
        lastFailure = failure;
        finishAttempt(failure.outcome);
        dropUpstream();
        abandonTee();
        if (heldHead != null) {
            // Nothing of the response reached the client yet: it can still get a clean error.
            heldHead = null;
            responseStarted = false;
            releaseBufferedBody();
        }
        if (responseStarted) {
            // Part of the response is already with the client: cut the connection so it cannot take a
            // truncated body for a complete one.
            finished = true;
            logLine(status);
            downstream.exchangeEnded(this);
            client.close();
            return;
        }
        if (failure == UpstreamFailure.RESET && reusedConnection && !staleConnectionRetried && idempotent && !requestHasBody) {
            // A pooled connection the upstream had just closed: try once more on a fresh connection.
            staleConnectionRetried = true;
            connect(target);
            return;
        }
        if (isRetryable(failure)) {
            attempt();
            return;
        }
        fail(failure);
    }

    private boolean isRetryable(UpstreamFailure failure) {
        return tried.size() < maxAttempts
                && failure.listedIn(service.retries().on())
                && (failure.nothingSent() || idempotent && !requestHasBody)
                && service.retryBudget().tryAcquireRetry();
    }

    private static boolean isRecoverableStatus(int code) {
        return code == 500 || code == 502 || code == 503 || code == 504;
    }

    /** A plugin answers in place of the upstream's error: its body is discarded with the connection. */
    private boolean recoveredFrom(int code) {
        FullHttpResponse answer = chain.recover(code);
        if (answer == null) {
            return false;
        }
        responseStarted = false;
        finishAttempt(AttemptOutcome.response(code));
        dropUpstream();
        respondLocally(answer);
        return true;
    }

    private boolean isRetryableStatus(int code) {
        return tried.size() < maxAttempts
                && idempotent
                && !requestHasBody
                && service.retries().on().matchesStatus(code)
                && service.retryBudget().tryAcquireRetry();
    }

    private void fail(UpstreamFailure failure) {
        recordCircuitFailure(failure);
        respondWithUpstreamError(ErrorResponses.json(failure.status, failure.error, failure.message, context.requestId()));
    }

    private void failWithoutTarget() {
        if (lastFailure != null) {
            fail(lastFailure);
            return;
        }
        if (status >= 500) {
            // Every retry answered with a retryable status and no target is left: report the last status.
            recordCircuitStatus(status);
            respondWithUpstreamError(ErrorResponses.json(HttpResponseStatus.valueOf(status), "bad_gateway",
                    "the upstream answered " + status + " on every attempt", context.requestId()));
            return;
        }
        FullHttpResponse response = ErrorResponses.json(HttpResponseStatus.SERVICE_UNAVAILABLE, "no_healthy_upstream",
                "no healthy target for service " + service.name(), context.requestId());
        response.headers().set(HttpHeaderNames.RETRY_AFTER, NO_HEALTHY_RETRY_AFTER_SECONDS);
        respondWithUpstreamError(response);
    }

    /** An error of Portico's own about the upstream, unless a plugin recovers with an answer (a stale copy). */
    private void respondWithUpstreamError(FullHttpResponse error) {
        FullHttpResponse answer = chain.recover(error.status().code());
        if (answer == null) {
            respondLocally(error);
            return;
        }
        error.release();
        respondLocally(answer);
    }

    /** Answers from Portico (an error or a plugin's answer); the response-head and log phases still run. */
    private void respondLocally(FullHttpResponse response) {
        finished = true;
        abandonTee();
        releaseCircuitPermit();
        chain.cancel();
        releasePending();
        updateClientReading();
        chain.responseHeaders(response, true);
        // Read before the response is written: the write releases its buffer.
        int code = response.status().code();
        long size = response.content().readableBytes();
        downstream.respond(context, response, service.name(), targetName(), bytesIn);
        chain.log(completed(code, size));
    }

    @Override
    public boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public void abort(String reason, int loggedStatus) {
        if (finished) {
            return;
        }
        finished = true;
        chain.cancel();
        releasePending();
        releaseBufferedBody();
        abandonTee();
        finishAttempt(null);
        dropUpstream();
        logLine(responseStarted ? status : loggedStatus);
    }

    private void completeTee() {
        if (tee != null) {
            ResponseBodyTee done = tee;
            tee = null;
            done.complete();
        }
    }

    private void abandonTee() {
        if (tee != null) {
            ResponseBodyTee done = tee;
            tee = null;
            done.abandon();
        }
    }

    private void releaseBufferedBody() {
        if (bufferedBody != null) {
            bufferedBody.release();
            bufferedBody = null;
        }
    }

    /**
     * Ends the current attempt: reports its outcome to the target, once. A null
     * outcome means the client went away: the target is neither blamed nor credited.
     */
    private void finishAttempt(AttemptOutcome outcome) {
        if (attemptOpen) {
            attemptOpen = false;
            if (attempts != null) {
                recordAttempt(outcome);
            }
            if (outcome == null) {
                target.attemptCancelled();
            } else {
                long latency = headLatencyNanos >= 0 ? headLatencyNanos : System.nanoTime() - attemptStartNanos;
                target.attemptFinished(outcome, latency);
            }
            headLatencyNanos = -1;
        }
    }

    private void recordAttempt(AttemptOutcome outcome) {
        if (outcome instanceof AttemptOutcome.Response response) {
            attempts.finished(response.status(), null, System.nanoTime());
        } else {
            attempts.finished(0, outcome == null ? "cancelled" : lastFailure.attemptName, System.nanoTime());
        }
    }

    /** Closes the current upstream connection: it is in an unknown state and must never be reused. */
    private void dropUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            upstream.close();
            upstream = null;
            upstreamHandler = null;
        }
    }

    /** After a complete response: the connection goes back to the pool if both directions ended cleanly. */
    private void releaseUpstream() {
        if (upstream == null) {
            return;
        }
        upstreamHandler.detach();
        if (upstreamReusable && requestComplete) {
            UpstreamConnectionPool.of(upstream.eventLoop()).release(target.socketAddress(), upstream);
        } else {
            upstream.close();
        }
        upstream = null;
        upstreamHandler = null;
    }

    private void releasePending() {
        HttpContent content;
        while ((content = pending.poll()) != null) {
            content.release();
        }
        pendingBytes = 0;
        if (requestBody != null) {
            requestBody.release();
            requestBody = null;
        }
    }

    private void recordCircuitStatus(int code) {
        if (circuitPermit != null) {
            service.circuit().recordStatus(circuitPermit, code);
            circuitPermit = null;
        }
    }

    private void recordCircuitFailure(UpstreamFailure failure) {
        if (circuitPermit != null) {
            service.circuit().recordFailure(circuitPermit, failure);
            circuitPermit = null;
        }
    }

    /** The request ended without an outcome for the breaker (client gone, no target, body too large). */
    private void releaseCircuitPermit() {
        if (circuitPermit != null) {
            service.circuit().breaker().release(circuitPermit);
            circuitPermit = null;
        }
    }

    private void logLine(int loggedStatus) {
        releaseCircuitPermit();
        long upstreamLatency = upstreamLatencyNanos();
        if (runtime.accessLog().isEnabled()) {
            runtime.accessLog().log(context.entry(service.name(), targetName(), loggedStatus, bytesIn, bytesOut, upstreamLatency));
        }
        chain.log(completed(loggedStatus, bytesOut));
    }

    private Completed completed(int loggedStatus, long bytesSent) {
        return new Completed(loggedStatus, targetName(), bytesIn, bytesSent, System.nanoTime() - context.startNanos(),
                upstreamLatencyNanos(), context.startEpochNanos(), attempts == null ? List.of() : attempts.results());
    }

    private long upstreamLatencyNanos() {
        return firstAttemptNanos < 0 ? -1 : System.nanoTime() - firstAttemptNanos;
    }

    private String targetName() {
        return target == null ? null : target.address().toString();
    }

    private static boolean isIdempotent(HttpMethod method) {
        return method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD) || method.equals(HttpMethod.OPTIONS)
                || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.TRACE);
    }

    // BalancingContext: what consistent hashing may key on.

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
