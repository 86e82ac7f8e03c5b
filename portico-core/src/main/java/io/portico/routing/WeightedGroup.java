package io.portico.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The members of a canary split: routes with identical match criteria that share the traffic in
 * proportion to their weights. Immutable; {@link #pick} allocates nothing and takes no lock.
 */
final class WeightedGroup<T> {

    private final List<T> values;
    /** {@code cumulative[i]} = sum of the weights of members 0..i; members with weight 0 are left out. */
    private final int[] cumulative;

    private WeightedGroup(List<T> values, int[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** The group of these members, or null when no member has a weight above 0 (the group gets nothing). */
    static <T> WeightedGroup<T> of(List<T> members, List<Integer> weights) {
        List<T> values = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (weights.get(i) > 0) {
                values.add(members.get(i));
                kept.add(weights.get(i));
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        int[] cumulative = new int[kept.size()];
        int total = 0;
        for (int i = 0; i < kept.size(); i++) {
            total += kept.get(i);
            cumulative[i] = total;
        }
        return new WeightedGroup<>(List.copyOf(values), cumulative);
    }

    int size() {
        return values.size();
    }

    T value(int member) {
        return values.get(member);
    }

    /** A member chosen at random in proportion to its weight. */
    int pick() {
        if (cumulative.length == 1) {
            return 0;
        }
        int r = ThreadLocalRandom.current().nextInt(cumulative[cumulative.length - 1]);
        int member = 0;
        while (r >= cumulative[member]) {
            member++;
        }
        return member;
    }
}
