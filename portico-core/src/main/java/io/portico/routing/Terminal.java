package io.portico.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * One index entry: a route reached through one of its hosts and one of its paths. It carries its
 * full ranking key, so entries of different host buckets and trie nodes compare directly.
 */
final class Terminal<T> {

    /** Best first: priority, host rank, path rank (all higher first), then declaration order. */
    static final Comparator<Terminal<?>> RANKING = (a, b) -> a.ranksAbove(b) ? -1 : b.ranksAbove(a) ? 1 : 0;

    /**
     * Stands for "a route matched host, path and headers but not the method" while nothing better
     * is known. It ranks below every real entry, so any match replaces it; a walk that ends with it
     * answers 405, one that ends with null answers 404 without a second walk.
     */
    private static final Terminal<?> METHOD_MISMATCH = new Terminal<>(null, Conditions.of(List.of(), Map.of()),
            new PathPattern.Unmatchable(""), Integer.MIN_VALUE, -1, Integer.MAX_VALUE, Integer.MAX_VALUE);

    static final int HOST_EXACT = Integer.MAX_VALUE;
    static final int HOST_ANY = 0;
    private static final long PATH_EXACT = Long.MAX_VALUE;
    private static final long PATH_REGEX = -1;
    private static final int FIT_ANY = 0;
    private static final int FIT_END = 1;
    private static final int FIT_MORE = 2;

    final T value;
    final Conditions conditions;
    final PathPattern pattern;
    final int priority;
    final int hostRank;
    private final long pathRank;
    private final int index;
    private final int pathPosition;
    /** Where the path must stand after the pattern: anywhere, ended, or going on with '/'. */
    private final int fit;
    private final int methodMask;
    private final boolean maskDecides;
    /** Shared result when matchedLength is fixed and there are no captures; null otherwise. */
    private final RouteMatch.Found<T> fixedFound;
    /** The canary split this entry stands for, or null: then {@link #value} is the only value. */
    private final WeightedGroup<T> group;
    /** With a group and a fixed result: one shared result per member. */
    private final RouteMatch.Found<T>[] fixedFounds;

    /**
     * @param hostRank {@link #HOST_EXACT}, the wildcard suffix length, or {@link #HOST_ANY}
     */
    Terminal(T value, Conditions conditions, PathPattern pattern, int priority, int hostRank, int index,
            int pathPosition) {
        this(value, null, conditions, pattern, priority, hostRank, index, pathPosition);
    }

    /**
     * @param group the canary split this entry stands for (then {@code value} is its first member), or null
     */
    @SuppressWarnings("unchecked")
    Terminal(T value, WeightedGroup<T> group, Conditions conditions, PathPattern pattern, int priority, int hostRank,
            int index, int pathPosition) {
        this.value = value;
        this.group = group;
        this.conditions = conditions;
        this.pattern = pattern;
        this.priority = priority;
        this.hostRank = hostRank;
        this.index = index;
        this.pathPosition = pathPosition;
        this.methodMask = conditions.methodMask();
        this.maskDecides = conditions.maskDecides();
        if (pattern instanceof PathPattern.Exact) {
            fit = FIT_END;
        } else if (pattern instanceof PathPattern.Segments segments && segments.trailingSlash()) {
            fit = FIT_MORE;
        } else {
            fit = FIT_ANY;
        }
        if (pattern instanceof PathPattern.Exact exact) {
            pathRank = PATH_EXACT;
            fixedFound = new RouteMatch.Found<>(value, exact.path().length(), Map.of());
        } else if (pattern instanceof PathPattern.Segments segments) {
            // Longer literal text first; at equal length, more variables first (as JAX-RS orders templates).
            pathRank = ((long) segments.literalLength() << 32) | segments.variableCount();
            fixedFound = segments.variableCount() == 0
                    ? new RouteMatch.Found<>(value, fixedLength(segments), Map.of())
                    : null;
        } else {
            pathRank = PATH_REGEX;
            fixedFound = null;
        }
        if (group != null && fixedFound != null) {
            fixedFounds = new RouteMatch.Found[group.size()];
            for (int i = 0; i < fixedFounds.length; i++) {
                fixedFounds[i] = new RouteMatch.Found<>(group.value(i), fixedFound.matchedLength(), Map.of());
            }
        } else {
            fixedFounds = null;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> Terminal<T> methodMismatch() {
        return (Terminal<T>) METHOD_MISMATCH;
    }

    /**
     * After {@link #accepts} said no: whether only the method was wrong (path end and headers fit),
     * which makes the request a 405 candidate.
     */
    boolean rejectsOnlyMethod(String path, int offset, HttpHeaders headers) {
        return fits(path, offset) && conditions.acceptsHeaders(headers);
    }

    boolean ranksAbove(Terminal<?> other) {
        if (priority != other.priority) {
            return priority > other.priority;
        }
        if (hostRank != other.hostRank) {
            return hostRank > other.hostRank;
        }
        if (pathRank != other.pathRank) {
            return pathRank > other.pathRank;
        }
        if (index != other.index) {
            return index < other.index;
        }
        return pathPosition < other.pathPosition;
    }

    /**
     * Whether no entry with at most {@code maxPriority} and host rank {@code hostRank} can rank
     * above this one (path rank aside): lets the search skip whole buckets and subtrees.
     */
    boolean outranksAll(int maxPriority, int hostRank) {
        return priority > maxPriority || (priority == maxPriority && this.hostRank > hostRank);
    }

    /**
     * Whether the request passes this entry's method and header conditions and, for a trie entry
     * reached at {@code offset}, the path's end: an exact path needs the path to end there, a
     * pattern with a trailing slash needs it to go on.
     */
    boolean accepts(String path, int offset, String method, int methodBit, HttpHeaders headers) {
        if (fit != FIT_ANY && (fit == FIT_END) != (offset == path.length())) {
            return false;
        }
        return maskDecides ? (methodMask & methodBit) != 0 : conditions.accepts(method, methodBit, headers);
    }

    /** Whether a trie entry reached at {@code offset} fits the path's end (see {@link #accepts}). */
    boolean fits(String path, int offset) {
        return fit == FIT_ANY || (fit == FIT_END) == (offset == path.length());
    }

    /** Builds the result for a path this entry is known to match. */
    RouteMatch.Found<T> found(String path) {
        if (fixedFound != null) {
            return group == null ? fixedFound : fixedFounds[group.pick()];
        }
        if (pattern instanceof PathPattern.Segments segments) {
            return template(segments, path);
        }
        PathPattern.Regex regex = (PathPattern.Regex) pattern;
        Matcher matcher = regex.pattern().matcher(path);
        if (!matcher.lookingAt()) {
            throw new IllegalStateException("regex " + regex.pattern() + " no longer matches " + path);
        }
        if (regex.groupNames().isEmpty()) {
            return new RouteMatch.Found<>(chosenValue(), matcher.end(), Map.of());
        }
        Map<String, String> captures = new HashMap<>();
        for (String name : regex.groupNames()) {
            String captured = matcher.group(name);
            if (captured != null) {
                captures.put(name, captured);
            }
        }
        return new RouteMatch.Found<>(chosenValue(), matcher.end(), Map.copyOf(captures));
    }

    /** This entry's value, or a member of its canary split chosen by weight. */
    private T chosenValue() {
        return group == null ? value : group.value(group.pick());
    }

    private RouteMatch.Found<T> template(PathPattern.Segments segments, String path) {
        // Most templates have one variable: Map.of avoids the HashMap and its copy.
        Map<String, String> captures = segments.variableCount() == 1 ? null : new HashMap<>();
        String onlyName = null;
        String onlyValue = null;
        int offset = 0;
        for (int i = 0; i < segments.literals().length; i++) {
            int start = offset + 1;
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String name = segments.variables()[i];
            if (name != null) {
                if (captures == null) {
                    onlyName = name;
                    onlyValue = path.substring(start, end);
                } else {
                    captures.put(name, path.substring(start, end));
                }
            }
            offset = end;
        }
        return new RouteMatch.Found<>(chosenValue(), offset,
                captures == null ? Map.of(onlyName, onlyValue) : Map.copyOf(captures));
    }

    private static int fixedLength(PathPattern.Segments segments) {
        return segments.literalLength() - (segments.trailingSlash() ? 1 : 0);
    }
}
