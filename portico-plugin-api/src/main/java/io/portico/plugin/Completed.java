package io.portico.plugin;

import java.util.List;

/**
 * What happened to a request, for the log phase.
 *
 * @param status               the status sent (499 when the client went away first)
 * @param target               the upstream target that answered ({@code host:port}), or null
 * @param durationNanos        from the request head to the end of the response
 * @param upstreamLatencyNanos from the first upstream attempt to the end, or -1 when none was made
 * @param receivedAtEpochNanos when the request head arrived, in nanoseconds since the epoch (wall clock)
 * @param attempts             every try to reach the upstream, in order; empty when none was made
 */
public record Completed(int status, String target, long bytesIn, long bytesOut, long durationNanos,
                        long upstreamLatencyNanos, long receivedAtEpochNanos, List<AttemptResult> attempts) {

    public Completed {
        attempts = List.copyOf(attempts);
    }
}
