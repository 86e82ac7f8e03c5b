package io.portico.upstream.lb;

import io.portico.config.HashOnSpec;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import java.util.Arrays;
import java.util.List;

/**
 * Consistent hashing on a ring of virtual nodes (Ketama style). Each target owns {@link #VNODES_PER_WEIGHT}
 * points per unit of weight, placed by hashing its address, so a target's points do not depend on the other
 * targets: adding a target takes keys only from the ring arcs its points land on (about 1/(N+1) of them) and
 * never moves a key between two old targets. A request's key hashes to a point on the ring; the owner of the
 * first virtual node at or after it serves the request. When that owner is excluded (already tried) the walk
 * continues to the next owner; unhealthy targets are not on the ring at all, which has the same effect.
 */
final class ConsistentHashBalancer implements Balancer {

    /** Weight 100 (the default) gives 400 points: the share of each target then varies by about ±5 %. */
    static final int VNODES_PER_WEIGHT = 4;
    /** Bound on the ring; above it every target's points are scaled down alike (stability then is approximate). */
    static final int MAX_RING = 1 << 18;

    private final Target[] targets;
    private final long[] points;
    private final Target[] owners;
    private final HashOnSpec hashOn;

    ConsistentHashBalancer(List<Target> targets, HashOnSpec hashOn) {
        this.targets = targets.toArray(new Target[0]);
        this.hashOn = hashOn;
        long totalWeight = 0;
        for (Target target : this.targets) {
            totalWeight += target.weight();
        }
        double scale = Math.min(1.0, (double) MAX_RING / (totalWeight * VNODES_PER_WEIGHT));
        int[] counts = new int[this.targets.length];
        int size = 0;
        for (int t = 0; t < counts.length; t++) {
            counts[t] = (int) Math.max(1, Math.round(this.targets[t].weight() * VNODES_PER_WEIGHT * scale));
            size += counts[t];
        }
        Point[] ring = new Point[size];
        int p = 0;
        for (int t = 0; t < counts.length; t++) {
            String name = this.targets[t].address().toString();
            long base = Hash64.hash(name);
            for (int v = 0; v < counts[t]; v++) {
                ring[p++] = new Point(Hash64.derive(base, v), name, this.targets[t]);
            }
        }
        // Colliding points are ordered by address so that the owner of a point never depends on target order.
        Arrays.sort(ring, (x, y) -> x.hash != y.hash ? Long.compare(x.hash, y.hash) : x.name.compareTo(y.name));
        this.points = new long[size];
        this.owners = new Target[size];
        for (int i = 0; i < size; i++) {
            points[i] = ring[i].hash;
            owners[i] = ring[i].owner;
        }
    }

    private record Point(long hash, String name, Target owner) {}

    @Override
    public Target select(BalancingContext context, TriedTargets tried) {
        int index = Arrays.binarySearch(points, Hash64.hash(key(context)));
        if (index < 0) {
            index = -index - 1;
        }
        if (index == points.length) {
            index = 0;
        }
        Target owner = owners[index];
        if (tried.isEmpty() || !tried.contains(owner)) {
            return owner;
        }
        if (allTried(tried)) {
            return null;
        }
        for (int k = 1; k < points.length; k++) {
            int i = index + k;
            Target next = owners[i < points.length ? i : i - points.length];
            if (!tried.contains(next)) {
                return next;
            }
        }
        return null;
    }

    private boolean allTried(TriedTargets tried) {
        for (Target target : targets) {
            if (!tried.contains(target)) {
                return false;
            }
        }
        return true;
    }

    /** The request's key per {@code hash_on}; a missing consumer, header or cookie falls back to the client IP. */
    private CharSequence key(BalancingContext context) {
        String key = switch (hashOn.kind()) {
            case IP -> null;
            case CONSUMER -> context.consumer();
            case HEADER -> context.header(hashOn.name());
            case COOKIE -> context.cookie(hashOn.name());
            case PATH -> context.path();
        };
        if (key == null) {
            key = context.clientIp();
        }
        return key == null ? "" : key;
    }

    int ringSize() {
        return points.length;
    }

    @Override
    public String toString() {
        return "ConsistentHashBalancer" + List.of(targets) + " on " + hashOn.kind();
    }
}
