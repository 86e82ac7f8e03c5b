package io.portico.upstream;

import java.util.Arrays;

/**
 * The targets a request has already tried, which a retry must avoid. Immutable: the first attempt uses
 * {@link #NONE} (no allocation); each retry adds one target. Lookups compare identity, and a request tries
 * at most a handful of targets, so a linear scan is the fastest structure.
 */
public final class TriedTargets {

    public static final TriedTargets NONE = new TriedTargets(new Target[0]);

    private final Target[] targets;

    private TriedTargets(Target[] targets) {
        this.targets = targets;
    }

    /** These targets plus {@code target}. */
    public TriedTargets with(Target target) {
        if (target == null) {
            throw new IllegalArgumentException("target: null (expected: a target)");
        }
        Target[] more = Arrays.copyOf(targets, targets.length + 1);
        more[targets.length] = target;
        return new TriedTargets(more);
    }

    public boolean contains(Target target) {
        for (Target tried : targets) {
            if (tried == target) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return targets.length;
    }

    public boolean isEmpty() {
        return targets.length == 0;
    }

    @Override
    public String toString() {
        return Arrays.toString(targets);
    }
}
