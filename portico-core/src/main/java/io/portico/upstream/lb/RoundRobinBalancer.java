package io.portico.upstream.lb;

import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Smooth weighted round-robin (NGINX's algorithm): weights 5, 1, 1 give {@code a a b a c a a}, spreading the
 * heavier target's turns instead of sending it five requests in a row. The sequence of one period is computed
 * once into an array, so selection is one atomic increment and two array reads.
 *
 * <p>The period is the sum of the weights divided by their greatest common divisor. Above
 * {@link #MAX_SEQUENCE} entries the weights are scaled down proportionally (each keeping at least 1), which
 * keeps every target with a share of 1 % or more within 1 % of its exact proportion.
 */
final class RoundRobinBalancer implements Balancer {

    static final int MAX_SEQUENCE = 8192;

    private final Target[] targets;
    private final int[] sequence;
    private final AtomicInteger next;

    RoundRobinBalancer(List<Target> targets) {
        // A random start keeps gateways that load the same config from sending their first requests in step.
        this(targets, ThreadLocalRandom.current().nextInt(Integer.MAX_VALUE));
    }

    RoundRobinBalancer(List<Target> targets, int start) {
        this.targets = targets.toArray(new Target[0]);
        int[] weights = new int[this.targets.length];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = this.targets[i].weight();
        }
        this.sequence = smoothSequence(weights);
        this.next = new AtomicInteger(start);
    }

    /** One period of NGINX's smooth weighted round-robin over {@code weights} (all > 0), as indexes. */
    static int[] smoothSequence(int[] weights) {
        int[] reduced = reduce(weights);
        long total = 0;
        for (int w : reduced) {
            total += w;
        }
        int[] sequence = new int[(int) total];
        long[] current = new long[reduced.length];
        for (int step = 0; step < sequence.length; step++) {
            int best = 0;
            for (int i = 0; i < reduced.length; i++) {
                current[i] += reduced[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            sequence[step] = best;
        }
        return sequence;
    }

    private static int[] reduce(int[] weights) {
        int gcd = 0;
        long sum = 0;
        for (int w : weights) {
            gcd = gcd(gcd, w);
            sum += w;
        }
        int[] reduced = new int[weights.length];
        long reducedSum = sum / gcd;
        for (int i = 0; i < weights.length; i++) {
            if (reducedSum <= MAX_SEQUENCE) {
                reduced[i] = weights[i] / gcd;
            } else {
                reduced[i] = (int) Math.max(1, Math.round((double) weights[i] * MAX_SEQUENCE / sum));
            }
        }
        return reduced;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        int index = sequence[(next.getAndIncrement() & Integer.MAX_VALUE) % sequence.length];
        Target target = targets[index];
        if (tried.isEmpty() || !tried.contains(target)) {
            return target;
        }
        // A retry: the next untried target in configuration order (rare, so exact weighting is moot).
        for (int k = 1; k < targets.length; k++) {
            Target candidate = targets[(index + k) % targets.length];
            if (!tried.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    int sequenceLength() {
        return sequence.length;
    }

    @Override
    public String toString() {
        return "RoundRobinBalancer" + List.of(targets);
    }
}
