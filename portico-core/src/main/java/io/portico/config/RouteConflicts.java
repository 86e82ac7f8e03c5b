package io.portico.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds routes with identical match criteria: neither could ever be chosen over the other, so the
 * later one is an error unless a different priority breaks the tie, or every one of them has a
 * {@code weight} (a canary split). Order within each list is ignored.
 */
final class RouteConflicts {

    private record Member(RouteSpec route, Section at) {}

    private final Binder binder;
    private final Map<MatchCriteria, List<Member>> seen = new LinkedHashMap<>();

    RouteConflicts(Binder binder) {
        this.binder = binder;
    }

    void check(RouteSpec route, Section at) {
        List<Member> twins = seen.computeIfAbsent(MatchCriteria.of(route), criteria -> new ArrayList<>());
        if (!twins.isEmpty()) {
            Member earlier = twins.get(0);
            boolean allWeighted = route.weight() != null;
            for (Member twin : twins) {
                allWeighted &= twin.route().weight() != null;
            }
            if (!allWeighted) {
                binder.error(at.path(), at.node(), "same match criteria as routes[" + earlier.route().index() + "] "
                        + Render.quote(String.valueOf(earlier.route().name()))
                        + " (expected: unique hosts, paths, methods and headers, a priority to break the tie,"
                        + " or a weight on every one of them)");
                return;
            }
        }
        twins.add(new Member(route, at));
    }

    /** A weighted group (or a lone weighted route) must send its traffic somewhere. */
    void checkWeightedGroups() {
        for (List<Member> group : seen.values()) {
            int total = 0;
            for (Member member : group) {
                total += member.route().weight() == null ? 1 : member.route().weight();
            }
            if (total == 0) {
                Member last = group.get(group.size() - 1);
                binder.error(last.at().path("weight"), last.at().node("weight"), "0 (expected: a weight > 0 on at"
                        + " least one of the routes with these match criteria)");
            }
        }
    }
}
