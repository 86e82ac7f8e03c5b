package io.portico.testing;

import io.portico.plugin.Action;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code stall}: blocks the event loop in the rewrite phase until {@link #release()} (or 10 s), which a real
 * plugin must never do. Tests use it to make an event loop stuck and show what still answers meanwhile.
 */
public final class StallPluginType implements PluginType<Boolean> {

    private static final Duration MAX_STALL = Duration.ofSeconds(10);

    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    @Override
    public String name() {
        return "stall";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.REWRITE);
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Boolean readConfig(ConfigReader config) {
        return Boolean.TRUE;
    }

    @Override
    public Plugin create(Boolean config, PluginContext context) {
        return new Plugin() {
            @Override
            public Action rewrite(HttpExchange exchange) {
                entered.countDown();
                try {
                    released.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Action.proceed();
            }
        };
    }

    /** Waits until a request has stalled its event loop. */
    public void awaitStalled() throws InterruptedException {
        if (!entered.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("no request reached the stall plugin within " + MAX_STALL);
        }
    }

    /** Lets the stalled event loop go on. */
    public void release() {
        released.countDown();
    }
}
