package io.portico.upstream;

import java.util.function.LongSupplier;

/**
 * A peak-sensitive, time-decayed moving average of a target's latency (Finagle's "peak EWMA"): a sample above
 * the estimate replaces it at once, so a target that slows down is avoided immediately; a sample below it is
 * blended in with weight {@code 1 - exp(-elapsed / DECAY)}, so recovery is judged over about {@code DECAY} of
 * traffic. While no sample arrives the estimate decays towards zero, so a target that was avoided after a slow
 * spell gets probed again instead of being starved forever.
 *
 * <p>Written from many event loops. Races are benign: two concurrent samples may overwrite each other (one is
 * lost), and a reader may pair a new value with an old stamp; the estimate stays between observed latencies.
 */
final class LatencyEwma {

    static final double DECAY_NANOS = 10e9;
    static final long NEGLIGIBLE_IDLE_NANOS = 10_000_000L;

    private final LongSupplier ticker;
    private volatile double valueNanos;
    private volatile long stampNanos;

    LatencyEwma(LongSupplier ticker) {
        this.ticker = ticker;
        this.stampNanos = ticker.getAsLong();
    }

    void observe(double sampleNanos) {
        long now = ticker.getAsLong();
        double previous = valueNanos;
        long elapsed = now - stampNanos;
        double next;
        if (sampleNanos >= previous) {
            next = sampleNanos;
        } else {
            double keep = elapsed <= 0 ? 1.0 : Math.exp(-elapsed / DECAY_NANOS);
            next = previous * keep + sampleNanos * (1.0 - keep);
        }
        valueNanos = next;
        stampNanos = now;
    }

    /**
     * The current estimate, decayed for the time since the last sample. Under steady traffic samples are less
     * than {@link #NEGLIGIBLE_IDLE_NANOS} apart and the decay (under 0.1 %) is skipped with its {@code exp}.
     */
    double valueNanos() {
        return valueNanos(ticker.getAsLong());
    }

    /** {@link #valueNanos()} at {@code nowNanos}, for callers that already read the clock. */
    double valueNanos(long nowNanos) {
        double value = valueNanos;
        if (value == 0.0) {
            return 0.0;
        }
        long idle = nowNanos - stampNanos;
        return idle <= NEGLIGIBLE_IDLE_NANOS ? value : value * Math.exp(-idle / DECAY_NANOS);
    }

    /** Takes over another estimate (config reload), keeping its age. */
    void copyFrom(LatencyEwma previous) {
        valueNanos = previous.valueNanos;
        stampNanos = previous.stampNanos;
    }
}
