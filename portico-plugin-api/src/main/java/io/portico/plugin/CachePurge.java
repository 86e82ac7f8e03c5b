package io.portico.plugin;

import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Implemented by a {@link Plugin} that keeps copies of responses (a cache), so that the admin API can
 * remove them ({@code POST /cache/purge}). The core asks every configured instance once.
 */
public interface CachePurge {

    /** What to remove: the entry with a key, every entry of a route, or every entry with a tag. */
    record Target(By by, String value) {

        public enum By {
            KEY, ROUTE, TAG
        }

        public Target {
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Removes the matching entries; completes with how many were removed (as far as the store can tell).
     * Called off the request path, from any thread; must not block (a remote store completes later).
     */
    CompletionStage<Long> purge(Target target);
}
