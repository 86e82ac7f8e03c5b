package io.portico.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.Future;
import io.portico.http.StrictHttpResponseDecoder;
import io.portico.transport.Transport;
import io.portico.upstream.AttemptOutcome;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.breaker.CircuitBreaker;

/**
 * One backend request of an aggregate route: a GET to a service that goes through the service's
 * balancer, retries, circuit breaker and passive health checks as a proxied request does, and keeps
 * the whole response body (bounded) for the merge. It ends exactly once, with a body or a failure,
 * and then tells its listener; {@link #cancel} ends it silently.
 *
 * <p>Confined to the request's event loop, which is also its upstream connection's.
 */
final class BackendCall implements UpstreamListener {

    /** Hears, once, that a call ended (not when it is cancelled). */
    interface Listener {
        void backendDone(BackendCall call);
    }

    private final int index;
    private final ServiceRuntime service;
    private final HttpRequest request;
    private final EventLoop loop;
    private final Transport transport;
    private final BalancingContext balancing;
    private final int maxBodyBytes;
    private final Listener listener;
    private final int maxAttempts;

    private TriedTargets tried = TriedTargets.NONE;
    private Target target;
    private boolean attemptOpen;
    private long attemptStartNanos;
    private long headLatencyNanos = -1;
    private boolean reusedConnection;
    private boolean staleConnectionRetried;
    private Channel upstream;
    private UpstreamHandler upstreamHandler;
    private long lastActivityNanos;
    private UpstreamFailure lastFailure;
    private CircuitBreaker.Permit circuitPermit;
    private boolean upstreamReusable;
    private int status;
    private ResponseBodyBuffer body;
    private boolean finished;

    private byte[] result;
    private String failure;

    /**
     * @param index   the backend's position in the route's list, for the listener
     * @param request the request head to send (no body): method GET, URI and headers final
     */
    BackendCall(int index, ServiceRuntime service, HttpRequest request, EventLoop loop, Transport transport,
            BalancingContext balancing, int maxBodyBytes, Listener listener) {
        this.index = index;
        this.service = service;
        this.request = request;
        this.loop = loop;
        this.transport = transport;
        this.balancing = balancing;
        this.maxBodyBytes = maxBodyBytes;
        this.listener = listener;
        this.maxAttempts = 1 + service.retries().attempts();
    }

    int index() {
        return index;
    }

    /** The whole body of a 2xx answer, once ended; null when the call failed. */
    byte[] body() {
        return result;
    }

    /** Why the call failed, for the client's error message; null when it succeeded. */
    String failure() {
        return failure;
    }

    /** The address of the last target tried, or null. */
    String targetName() {
        return target == null ? null : target.address().toString();
    }

    void start() {
        if (service.circuit() != null) {
            circuitPermit = service.circuit().breaker().tryAcquire();
            if (circuitPermit == null) {
                end(null, "the circuit breaker of service " + service.name() + " is open");
                return;
            }
        }
        service.retryBudget().recordRequest();
        attempt();
    }

    /** The deadline passed or the client went away: stop without telling the listener. */
    void cancel() {
        if (finished) {
            return;
        }
        finished = true;
        finishAttempt(null);
        dropUpstream();
        releaseBody();
        releaseCircuitPermit();
    }

    private void attempt() {
        Target next = service.upstream().select(balancing, tried);
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
        next.attemptStarted();
        Channel pooled = staleConnectionRetried ? null : UpstreamConnectionPool.of(loop).acquire(next.socketAddress());
        reusedConnection = pooled != null;
        if (pooled != null) {
            onConnected(pooled);
            return;
        }
        UpstreamConnector.connect(loop, transport, service.connectTimeoutMillis(), next.socketAddress())
                .addListener(this::onConnectDone);
    }

    private void onConnectDone(Future<? super Void> future) {
        Channel channel = ((ChannelFuture) future).channel();
        if (finished) {
            if (future.isSuccess()) {
                UpstreamConnectionPool.of(loop).release(target.socketAddress(), channel);
            }
            return;
        }
        if (future.isSuccess()) {
            onConnected(channel);
        } else {
            onAttemptFailed(future.cause() instanceof ConnectTimeoutException
                    ? UpstreamFailure.CONNECT_TIMEOUT : UpstreamFailure.CONNECT_FAILURE);
        }
    }

    private void onConnected(Channel channel) {
        upstream = channel;
        upstreamHandler = channel.pipeline().get(UpstreamHandler.class);
        upstreamHandler.attach(this, service.readTimeoutNanos());
        channel.pipeline().get(StrictHttpResponseDecoder.class).expectResponseTo(HttpMethod.GET);
        channel.config().setAutoRead(true);
        lastActivityNanos = System.nanoTime();
        // The same head may go out again on a retry: the encoder copies it and never releases it.
        channel.write(request, channel.voidPromise());
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT, channel.voidPromise());
    }

    @Override
    public void onResponseHead(HttpResponse response) {
        lastActivityNanos = System.nanoTime();
        int code = response.status().code();
        if (code < 200) {
            if (code == 101) {
                onAttemptFailed(UpstreamFailure.BAD_RESPONSE);
            }
            return; // 100 Continue and friends: the final response follows
        }
        headLatencyNanos = System.nanoTime() - attemptStartNanos;
        if (isRetryableStatus(code)) {
            finishAttempt(AttemptOutcome.response(code));
            dropUpstream();
            lastFailure = null;
            status = code;
            attempt();
            return;
        }
        status = code;
        recordCircuitStatus(code);
        if (HttpUtil.getContentLength(response, -1L) > maxBodyBytes) {
            finishAttempt(AttemptOutcome.response(code));
            dropUpstream();
            end(null, tooLarge());
            return;
        }
        upstreamReusable = HttpUtil.isKeepAlive(response)
                && (HttpUtil.isContentLengthSet(response) || HttpUtil.isTransferEncodingChunked(response)
                        || code == 204 || code == 304);
        body = new ResponseBodyBuffer(upstream.alloc(), maxBodyBytes);
    }

    @Override
    public void onResponseContent(HttpContent content) {
        lastActivityNanos = System.nanoTime();
        if (finished || body == null) {
            content.release(); // the rest of an interim response, or after the end
            return;
        }
        boolean last = content instanceof LastHttpContent;
        if (!body.add(content)) {
            finishAttempt(AttemptOutcome.response(status));
            dropUpstream();
            end(null, tooLarge());
            return;
        }
        if (!last) {
            return;
        }
        finishAttempt(AttemptOutcome.response(status));
        releaseUpstream();
        byte[] bytes = body.drain();
        body = null;
        if (status >= 200 && status < 300) {
            end(bytes, null);
        } else {
            end(null, "service " + service.name() + " answered " + status);
        }
    }

    private String tooLarge() {
        return "service " + service.name() + " answered with a body larger than " + maxBodyBytes + " bytes";
    }

    @Override
    public void onUpstreamReadComplete() {}

    @Override
    public void onUpstreamWritabilityChanged() {}

    @Override
    public void onUpstreamClosed() {
        onAttemptFailed(UpstreamFailure.RESET);
    }

    @Override
    public void onUpstreamRejected(String reason) {
        onAttemptFailed(UpstreamFailure.BAD_RESPONSE);
    }

    @Override
    public long lastUpstreamActivityNanos() {
        return lastActivityNanos;
    }

    @Override
    public void onReadTimeout() {
        if (!finished && upstream != null) {
            onAttemptFailed(UpstreamFailure.READ_TIMEOUT);
        }
    }

    private void onAttemptFailed(UpstreamFailure cause) {
        if (finished) {
            return;
        }
        lastFailure = cause;
        finishAttempt(cause.outcome);
        dropUpstream();
        releaseBody();
        if (cause == UpstreamFailure.RESET && reusedConnection && !staleConnectionRetried) {
            // A pooled connection the upstream had just closed: once more on a fresh one.
            staleConnectionRetried = true;
            connect(target);
            return;
        }
        if (tried.size() < maxAttempts && cause.listedIn(service.retries().on())
                && service.retryBudget().tryAcquireRetry()) {
            attempt(); // a GET without a body: safe to send again
            return;
        }
        recordCircuitFailure(cause);
        end(null, "service " + service.name() + ": " + cause.message);
    }

    private boolean isRetryableStatus(int code) {
        return tried.size() < maxAttempts && service.retries().on().matchesStatus(code)
                && service.retryBudget().tryAcquireRetry();
    }

    private void failWithoutTarget() {
        if (lastFailure != null) {
            recordCircuitFailure(lastFailure);
            end(null, "service " + service.name() + ": " + lastFailure.message);
        } else if (status >= 500) {
            recordCircuitStatus(status);
            end(null, "service " + service.name() + " answered " + status + " on every attempt");
        } else {
            end(null, "no healthy target for service " + service.name());
        }
    }

    private void end(byte[] bytes, String why) {
        if (finished) {
            return;
        }
        finished = true;
        result = bytes;
        failure = why;
        releaseBody();
        releaseCircuitPermit();
        listener.backendDone(this);
    }

    private void finishAttempt(AttemptOutcome outcome) {
        if (!attemptOpen) {
            return;
        }
        attemptOpen = false;
        if (outcome == null) {
            target.attemptCancelled();
        } else {
            long latency = headLatencyNanos >= 0 ? headLatencyNanos : System.nanoTime() - attemptStartNanos;
            target.attemptFinished(outcome, latency);
        }
        headLatencyNanos = -1;
    }

    private void dropUpstream() {
        if (upstream != null) {
            upstreamHandler.detach();
            upstream.close();
            upstream = null;
            upstreamHandler = null;
        }
    }

    private void releaseUpstream() {
        if (upstream == null) {
            return;
        }
        upstreamHandler.detach();
        if (upstreamReusable) {
            UpstreamConnectionPool.of(loop).release(target.socketAddress(), upstream);
        } else {
            upstream.close();
        }
        upstream = null;
        upstreamHandler = null;
    }

    private void releaseBody() {
        if (body != null) {
            body.release();
            body = null;
        }
    }

    private void recordCircuitStatus(int code) {
        if (circuitPermit != null) {
            service.circuit().recordStatus(circuitPermit, code);
            circuitPermit = null;
        }
    }

    private void recordCircuitFailure(UpstreamFailure cause) {
        if (circuitPermit != null) {
            service.circuit().recordFailure(circuitPermit, cause);
            circuitPermit = null;
        }
    }

    private void releaseCircuitPermit() {
        if (circuitPermit != null) {
            service.circuit().breaker().release(circuitPermit);
            circuitPermit = null;
        }
    }
}
