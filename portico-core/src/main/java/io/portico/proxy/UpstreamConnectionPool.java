package io.portico.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.FastThreadLocal;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections to upstream targets, one pool per event loop (Zuul 2 style), so that
 * acquiring and releasing never needs a lock: only the owning loop's thread touches its pool.
 * Connections idle longer than {@link #IDLE_TIMEOUT_NANOS} are closed by a periodic sweep.
 */
final class UpstreamConnectionPool {

    static final int MAX_IDLE_PER_TARGET = 256;
    static final long IDLE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long SWEEP_INTERVAL_SECONDS = 10;

    private static final FastThreadLocal<UpstreamConnectionPool> POOLS = new FastThreadLocal<>();

    private final Map<InetSocketAddress, ArrayDeque<IdleConnection>> idle = new HashMap<>();
    private boolean sweepScheduled;

    private record IdleConnection(Channel channel, long idleSinceNanos) {}

    /** The pool of the calling event loop. Must be called on {@code loop}. */
    static UpstreamConnectionPool of(EventLoop loop) {
        UpstreamConnectionPool pool = POOLS.get();
        if (pool == null) {
            pool = new UpstreamConnectionPool();
            POOLS.set(pool);
        }
        if (!pool.sweepScheduled) {
            pool.sweepScheduled = true;
            UpstreamConnectionPool scheduled = pool;
            loop.scheduleAtFixedRate(scheduled::sweep, SWEEP_INTERVAL_SECONDS, SWEEP_INTERVAL_SECONDS, TimeUnit.SECONDS);
        }
        return pool;
    }

    /** The most recently released live connection to {@code target}, or null. */
    Channel acquire(InetSocketAddress target) {
        ArrayDeque<IdleConnection> connections = idle.get(target);
        if (connections == null) {
            return null;
        }
        IdleConnection connection;
        while ((connection = connections.pollLast()) != null) {
            if (connection.channel.isActive()) {
                return connection.channel;
            }
        }
        return null;
    }

    /** Keeps {@code channel} for reuse, or closes it when the target already has enough idle connections. */
    void release(InetSocketAddress target, Channel channel) {
        ArrayDeque<IdleConnection> connections = idle.computeIfAbsent(target, t -> new ArrayDeque<>());
        if (connections.size() >= MAX_IDLE_PER_TARGET || !channel.isActive()) {
            channel.close();
            return;
        }
        connections.addLast(new IdleConnection(channel, System.nanoTime()));
    }

    /** Forgets a pooled connection that the upstream closed. */
    void remove(InetSocketAddress target, Channel channel) {
        ArrayDeque<IdleConnection> connections = idle.get(target);
        if (connections != null) {
            connections.removeIf(c -> c.channel == channel);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<ArrayDeque<IdleConnection>> it = idle.values().iterator(); it.hasNext(); ) {
            ArrayDeque<IdleConnection> connections = it.next();
            // Oldest first: stop at the first connection that is still fresh.
            IdleConnection oldest;
            while ((oldest = connections.peekFirst()) != null && now - oldest.idleSinceNanos > IDLE_TIMEOUT_NANOS) {
                connections.pollFirst();
                oldest.channel.close();
            }
            if (connections.isEmpty()) {
                it.remove();
            }
        }
    }
}
