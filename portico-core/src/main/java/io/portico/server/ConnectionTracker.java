package io.portico.server;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.portico.observability.ConnectionCounts;
import io.portico.proxy.DownstreamHandler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * Open client connections, so that shutdown can close idle ones and wait for busy ones, and the metrics
 * can tell active ones from idle ones.
 */
final class ConnectionTracker {

    private final Map<Channel, DownstreamHandler> open = new ConcurrentHashMap<>();
    private final LongAdder accepted = new LongAdder();

    void add(Channel channel, DownstreamHandler handler) {
        accepted.increment();
        open.put(channel, handler);
        channel.closeFuture().addListener((ChannelFuture f) -> open.remove(f.channel()));
    }

    int size() {
        return open.size();
    }

    /** Connections accepted since the gateway started. */
    long accepted() {
        return accepted.sum();
    }

    /**
     * Counts open connections by state. A connection's state is confined to its event loop, so each loop
     * counts its own connections (one task per loop, whatever the number of connections) while the caller
     * waits. The connections of a loop that does not answer within {@code wait} are busy, and count as
     * active. Call it off the gateway's event loops: it blocks.
     */
    ConnectionCounts count(Duration wait) {
        Map<EventLoop, List<DownstreamHandler>> byLoop = new HashMap<>();
        for (Map.Entry<Channel, DownstreamHandler> entry : open.entrySet()) {
            byLoop.computeIfAbsent(entry.getKey().eventLoop(), loop -> new ArrayList<>()).add(entry.getValue());
        }
        List<LoopCount> loops = new ArrayList<>(byLoop.size());
        for (Map.Entry<EventLoop, List<DownstreamHandler>> loop : byLoop.entrySet()) {
            loops.add(new LoopCount(countIdle(loop.getKey(), loop.getValue()), loop.getValue().size()));
        }
        long deadline = System.nanoTime() + wait.toNanos();
        int active = 0;
        int idle = 0;
        for (LoopCount loop : loops) {
            int loopIdle = idleOrNone(loop.idle(), deadline);
            idle += loopIdle;
            active += loop.open() - loopIdle;
        }
        return new ConnectionCounts(active, idle);
    }

    private static CompletableFuture<Integer> countIdle(EventLoop loop, List<DownstreamHandler> handlers) {
        CompletableFuture<Integer> idle = new CompletableFuture<>();
        Runnable count = () -> {
            int n = 0;
            for (DownstreamHandler handler : handlers) {
                if (handler.isIdle()) {
                    n++;
                }
            }
            idle.complete(n);
        };
        if (loop.inEventLoop()) {
            count.run();
        } else {
            try {
                loop.execute(count);
            } catch (RejectedExecutionException e) {
                idle.complete(0); // the loop is stopping: its connections, closing, count as active until gone
            }
        }
        return idle;
    }

    /** The loop's idle count, or 0 when it did not answer by {@code deadline}. */
    private static int idleOrNone(CompletableFuture<Integer> idle, long deadline) {
        try {
            return idle.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Closes every connection that is between requests; busy ones close after their response. */
    void closeIdle() {
        for (Map.Entry<Channel, DownstreamHandler> entry : open.entrySet()) {
            Channel channel = entry.getKey();
            DownstreamHandler handler = entry.getValue();
            // isIdle reads loop-confined state: ask on the connection's own loop.
            channel.eventLoop().execute(() -> {
                if (handler.isIdle()) {
                    channel.close();
                }
            });
        }
    }

    void closeAll() {
        for (Channel channel : open.keySet()) {
            channel.close();
        }
    }

    /** One loop's answer to come: how many of its {@code open} connections are idle. */
    private record LoopCount(CompletableFuture<Integer> idle, int open) {}
}
