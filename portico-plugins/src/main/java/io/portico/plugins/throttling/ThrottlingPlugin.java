package io.portico.plugins.throttling;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Completed;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Metrics;
import io.portico.plugin.Plugin;
import io.portico.plugin.RouteInfo;
import io.portico.plugins.limiting.RateLimitedCounter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Takes a slot in the access phase, or queues the request for one without holding a thread, and gives
 * the slot or the place in the queue back in the log phase, which runs for every request that reached
 * access: proxied, refused by a later plugin, failed, or abandoned by its client (then the chain never
 * resumes, so a slot handed to it in the meantime is given back here too). Shared by every event loop;
 * the state is in {@link Limiters}.
 */
final class ThrottlingPlugin implements Plugin {

    private static final String QUEUE_FULL_MESSAGE = "too many requests in progress; try again later";
    private static final String TIMED_OUT_MESSAGE = "timed out waiting for a request slot; try again later";

    /** Per configured instance (shared by its route copies), so that it only ever gives back the tickets it issued. */
    private final AttributeKey<Ticket> ticketKey;
    private final Limiters limiters;
    private final ThrottlingConfig.LimitBy limitBy;
    private final long queueTimeoutNanos;
    private final ScheduledExecutorService scheduler;
    private final Action.Respond queueFull;
    private final Action.Respond timedOut;
    private final Function<Boolean, Action> afterWait = this::afterWait;
    private final RateLimitedCounter refusals;
    /** This route's refusal count; null in the configured instance, which chains only run specialised. */
    private final Metrics.Counter refused;

    ThrottlingPlugin(ThrottlingConfig config, ScheduledExecutorService scheduler, RateLimitedCounter refusals) {
        this.ticketKey = AttributeKey.named("throttling.ticket");
        this.limiters = new Limiters(config.maxConcurrent(), config.queueSize());
        this.limitBy = config.limitBy();
        this.queueTimeoutNanos = config.queueTimeout().toNanos();
        this.scheduler = scheduler;
        String retryAfter = Integer.toString(config.retryAfterSeconds());
        this.queueFull = Action.error(503, "throttled", QUEUE_FULL_MESSAGE).withHeader("Retry-After", retryAfter);
        this.timedOut = Action.error(503, "throttled", TIMED_OUT_MESSAGE).withHeader("Retry-After", retryAfter);
        this.refusals = refusals;
        this.refused = null;
    }

    /** The same limiters and tickets, counting refusals for {@code route}. */
    private ThrottlingPlugin(ThrottlingPlugin configured, RouteInfo route) {
        this.ticketKey = configured.ticketKey;
        this.limiters = configured.limiters;
        this.limitBy = configured.limitBy;
        this.queueTimeoutNanos = configured.queueTimeoutNanos;
        this.scheduler = configured.scheduler;
        this.queueFull = configured.queueFull;
        this.timedOut = configured.timedOut;
        this.refusals = configured.refusals;
        this.refused = refusals.forRoute(route);
    }

    @Override
    public Plugin forRoute(RouteInfo route) {
        return new ThrottlingPlugin(this, route);
    }

    @Override
    public Action access(HttpExchange exchange) {
        Ticket ticket = limiters.acquire(key(exchange));
        if (ticket == Ticket.REFUSED) {
            countRefusal();
            return queueFull;
        }
        exchange.setAttribute(ticketKey, ticket);
        CompletableFuture<Boolean> decision = ticket.decision();
        if (decision == null) {
            return Action.proceed();
        }
        ticket.timer(scheduler.schedule(ticket::expire, queueTimeoutNanos, TimeUnit.NANOSECONDS));
        return Action.await(decision, afterWait);
    }

    /** On the request's event loop once the wait is over; the ticket stays in the attribute either way. */
    private Action afterWait(Boolean granted) {
        if (granted) {
            return Action.proceed();
        }
        countRefusal();
        return timedOut;
    }

    private void countRefusal() {
        if (refused != null) {
            refused.increment();
        }
    }

    @Override
    public void log(HttpExchange exchange, Completed completed) {
        Ticket ticket = exchange.attribute(ticketKey);
        if (ticket != null) {
            ticket.release();
        }
    }

    String key(HttpExchange exchange) {
        return switch (limitBy) {
            case ROUTE -> exchange.routeName();
            case SERVICE -> exchange.serviceName() != null ? "service:" + exchange.serviceName()
                    : "route:" + exchange.routeName();
            case CONSUMER -> {
                Consumer consumer = exchange.consumer();
                yield consumer != null ? "consumer:" + consumer.username() : "ip:" + exchange.clientIp();
            }
        };
    }

    Limiters limiters() {
        return limiters;
    }
}
