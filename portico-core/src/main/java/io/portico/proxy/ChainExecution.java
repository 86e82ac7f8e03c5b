package io.portico.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import io.portico.chain.ChainLink;
import io.portico.chain.PluginChain;
import io.portico.chain.RouteChains;
import io.portico.plugin.Action;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.Phase;
import io.portico.plugin.UpstreamAttempt;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one request's plugin chain: the request phases (which may suspend on asynchronous work and
 * resume on the request's event loop), the response-head phase, the body phase and the log phase.
 * The chain starts as the route's and becomes the route-and-consumer one after authentication.
 *
 * <p>Runs on the request's event loop. A plugin that throws is answered with 500 (request phases)
 * or skipped (response and log phases), and logged without request data.
 */
final class ChainExecution {

    /** What the request does after its request phases. */
    interface Next {
        void proceed();

        void respond(FullHttpResponse response);
    }

    private static final Logger log = LoggerFactory.getLogger(ChainExecution.class);
    /** A plugin's asynchronous step that takes longer than this is abandoned with 500. */
    static final long AWAIT_TIMEOUT_MILLIS = 30_000;
    private static final Phase[] PHASES = Phase.values();

    private final RouteChains chains;
    private final ExchangeView view;
    private final EventLoop eventLoop;
    private PluginChain chain;
    private Phase lastPhase;
    private int phase;
    private int index;
    private Next next;
    private boolean cancelled;
    private boolean awaiting;
    private ScheduledFuture<?> awaitTimer;

    ChainExecution(RouteChains chains, ExchangeView view, EventLoop eventLoop) {
        this.chains = chains;
        this.view = view;
        this.eventLoop = eventLoop;
        this.chain = chains.base();
    }

    ExchangeView view() {
        return view;
    }

    PluginChain chain() {
        return chain;
    }

    /** Runs the request phases from where they stopped up to {@code last}, then calls {@code next}. */
    void runRequestPhases(Phase last, Next next) {
        this.lastPhase = last;
        this.next = next;
        advance(Action.proceed());
    }

    /** The client went away or the exchange ended: a suspended chain must not resume. */
    void cancel() {
        cancelled = true;
        if (awaitTimer != null) {
            awaitTimer.cancel(false);
            awaitTimer = null;
        }
    }

    private void advance(Action action) {
        while (!cancelled) {
            if (action instanceof Action.Respond respond) {
                next.respond(toResponse(respond, view.requestId()));
                return;
            }
            if (action instanceof Action.Await await) {
                suspend(await);
                return;
            }
            if (phase > lastPhase.ordinal()) {
                next.proceed();
                return;
            }
            ChainLink[] links = chain.links(PHASES[phase]);
            if (index >= links.length) {
                endPhase();
                action = Action.proceed();
                continue;
            }
            ChainLink link = links[index++];
            try {
                action = call(link, PHASES[phase]);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the {} phase on route {}", link.name(), link.source(),
                        PHASES[phase].configName(), view.routeName(), e);
                action = pluginFailed();
            }
            if (action == null) {
                action = Action.proceed();
            }
        }
    }

    private void endPhase() {
        if (PHASES[phase] == Phase.AUTHENTICATE) {
            Consumer consumer = view.consumer();
            chain = chains.forConsumer(consumer == null ? null : consumer.username());
        }
        phase++;
        index = 0;
    }

    private Action call(ChainLink link, Phase current) {
        return switch (current) {
            case REWRITE -> link.plugin().rewrite(view);
            case AUTHENTICATE -> link.plugin().authenticate(view);
            case ACCESS -> link.plugin().access(view);
            case UPSTREAM_REQUEST -> link.plugin().upstreamRequest(view);
            default -> throw new IllegalStateException("not a request phase: " + current);
        };
    }

    private void suspend(Action.Await await) {
        CompletableFuture<?> future = await.stage().toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            resumeWith(await, future.join()); // already there: no need to leave the event loop
            return;
        }
        awaiting = true;
        awaitTimer = eventLoop.schedule(() -> resume(await, null, new IllegalStateException("timed out")),
                AWAIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        await.stage().whenComplete((result, error) -> {
            if (eventLoop.inEventLoop()) {
                resume(await, result, error);
            } else {
                eventLoop.execute(() -> resume(await, result, error));
            }
        });
    }

    private void resume(Action.Await await, Object result, Throwable error) {
        if (!awaiting || cancelled) {
            return;
        }
        awaiting = false;
        if (awaitTimer != null) {
            awaitTimer.cancel(false);
            awaitTimer = null;
        }
        if (error != null) {
            log.warn("a plugin's asynchronous step failed on route {}: {}", view.routeName(), error.toString());
            advance(pluginFailed());
            return;
        }
        resumeWith(await, result);
    }

    /** Runs the plugin's decision on the event loop, where it may use the exchange. */
    private void resumeWith(Action.Await await, Object result) {
        Action next;
        try {
            next = await.decide(result);
        } catch (RuntimeException e) {
            log.warn("a plugin failed deciding after its asynchronous step on route {}", view.routeName(), e);
            next = pluginFailed();
        }
        advance(next == null ? Action.proceed() : next);
    }

    private static Action pluginFailed() {
        return Action.error(500, "plugin_failed", "a plugin failed while handling the request");
    }

    /**
     * Lets the plugins adjust the head of any response, proxied or local, before it is sent. Returns
     * the observers of a proxied response's body, or null when no plugin asked to see it.
     */
    ResponseBodyTee responseHeaders(HttpResponse response, boolean local) {
        ChainLink[] links = chain.links(Phase.RESPONSE_HEADERS);
        if (links.length == 0) {
            return null;
        }
        ResponseBodyTee tee = local ? null : new ResponseBodyTee();
        ResponseView head = new ResponseView(response, local, tee);
        for (ChainLink link : links) {
            try {
                link.plugin().responseHeaders(view, head);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the response_headers phase on route {}", link.name(), link.source(),
                        view.routeName(), e);
            }
        }
        return tee == null || tee.isEmpty() ? null : tee;
    }

    /**
     * Asks the response-head plugins for an answer in place of an upstream failure with {@code status};
     * null when none has one (a plugin that throws is skipped).
     */
    FullHttpResponse recover(int status) {
        for (ChainLink link : chain.links(Phase.RESPONSE_HEADERS)) {
            Action.Respond answer;
            try {
                answer = link.plugin().recover(view, status);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed recovering from an upstream failure on route {}", link.name(),
                        link.source(), view.routeName(), e);
                continue;
            }
            if (answer != null) {
                return toResponse(answer, view.requestId());
            }
        }
        return null;
    }

    boolean transformsRequestBody() {
        return chain.has(Phase.REQUEST_BODY);
    }

    int maxRequestBodyBytes() {
        return chain.maxRequestBodyBytes();
    }

    /** The request body after every request-body plugin; a plugin that throws fails the request (null). */
    byte[] requestBody(byte[] body) {
        byte[] current = body;
        for (ChainLink link : chain.links(Phase.REQUEST_BODY)) {
            try {
                current = link.plugin().requestBody(view, current);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the request_body phase on route {}", link.name(), link.source(),
                        view.routeName(), e);
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    /** Whether tries to reach the upstream must be shown to plugins or recorded for their log phase. */
    boolean observesAttempts() {
        return chain.has(Phase.UPSTREAM_ATTEMPT) || chain.has(Phase.LOG);
    }

    /** Shows a try to the upstream_attempt plugins just before its request is sent. */
    void upstreamAttempt(UpstreamAttempt attempt) {
        for (ChainLink link : chain.links(Phase.UPSTREAM_ATTEMPT)) {
            try {
                link.plugin().upstreamAttempt(view, attempt);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the upstream_attempt phase on route {}", link.name(), link.source(),
                        view.routeName(), e);
            }
        }
    }

    boolean transformsResponseBody() {
        return chain.has(Phase.RESPONSE_BODY);
    }

    int maxResponseBodyBytes() {
        return chain.maxResponseBodyBytes();
    }

    /** The body after every response-body plugin; a plugin that throws fails the response (null). */
    byte[] responseBody(HttpResponse response, byte[] body) {
        ResponseView head = new ResponseView(response, false, null);
        byte[] current = body;
        for (ChainLink link : chain.links(Phase.RESPONSE_BODY)) {
            try {
                current = link.plugin().responseBody(view, head, current);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the response_body phase on route {}", link.name(), link.source(),
                        view.routeName(), e);
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return current;
    }

    void log(Completed completed) {
        for (ChainLink link : chain.links(Phase.LOG)) {
            try {
                link.plugin().log(view, completed);
            } catch (RuntimeException e) {
                log.warn("plugin {} ({}) failed in the log phase on route {}", link.name(), link.source(),
                        view.routeName(), e);
            }
        }
    }

    static FullHttpResponse toResponse(Action.Respond respond, String requestId) {
        HttpResponseStatus status = HttpResponseStatus.valueOf(respond.status());
        FullHttpResponse response;
        if (respond.error() != null) {
            response = ErrorResponses.json(status, respond.error(),
                    respond.message() == null ? respond.error() : respond.message(), requestId);
        } else {
            byte[] body = respond.body() == null ? new byte[0] : respond.body();
            response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
            response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        for (Map.Entry<String, String> header : respond.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        return response;
    }
}
