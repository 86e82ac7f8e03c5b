package io.portico.plugin.testing;

import io.portico.plugin.Action;
import java.util.concurrent.TimeUnit;

/** Settles {@link Action.Await} in unit tests the way the core does: waits for the stage, then decides. */
public final class Awaits {

    private Awaits() {}

    /** The final action: every await's stage waited for (10 s at most) and its decision applied. */
    public static Action settle(Action action) throws Exception {
        Action current = action;
        while (current instanceof Action.Await await) {
            Object result = await.stage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            current = await.decide(result);
        }
        return current;
    }
}
