package io.portico.plugin;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Implemented by a {@link Plugin} that counts per consumer (a quota), so that the admin API can report
 * what a consumer has used ({@code GET /consumers/{name}/usage}).
 */
public interface ConsumerUsage {

    /**
     * What {@code consumer} has used under this plugin instance, as JSON-ready values (numbers,
     * strings, booleans, lists and maps of them), e.g. {@code {"day": {"limit": 1000, "used": 12}}}.
     * Called off the request path, from any thread; must not block (a remote count completes later).
     */
    CompletionStage<Map<String, Object>> usage(Consumer consumer);
}
