package io.portico.routing;

import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.portico.config.MatchCriteria;
import io.portico.config.RouteSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compiled route index of one configuration. {@link #match} never scans the routes: it looks
 * up the request's host (exact name, then every wildcard suffix of it, plus the routes without
 * hosts) and walks each of those buckets' segment tries along the request path only.
 *
 * <p>Immutable after {@link #compile}; safe to share across event loops without locking. A match
 * allocates nothing unless the winner has captures or a regex path, or the answer is a 405.
 * Ranking rules: {@code docs/routing.md}.
 *
 * @param <T> what a route resolves to (the proxy's compiled route); routing never looks inside it
 */
public final class RouteTable<T> {

    /** One route to index and the value a match on it returns. */
    public record Entry<T>(RouteSpec spec, T value) {
        public Entry {
            Objects.requireNonNull(spec, "spec");
        }
    }

    private final CharRangeMap<HostBucket<T>> exactHosts;
    /** Keyed by the suffix with its leading dot: {@code *.example.org} is {@code .example.org}. */
    private final CharRangeMap<HostBucket<T>> wildcardHosts;
    private final int wildcardMaxPriority;
    private final HostBucket<T> anyHost;
    private final int size;

    private RouteTable(CharRangeMap<HostBucket<T>> exactHosts, CharRangeMap<HostBucket<T>> wildcardHosts,
            int wildcardMaxPriority, HostBucket<T> anyHost, int size) {
        this.exactHosts = exactHosts;
        this.wildcardHosts = wildcardHosts;
        this.wildcardMaxPriority = wildcardMaxPriority;
        this.anyHost = anyHost;
        this.size = size;
    }

    /**
     * Indexes the routes. Validates nothing the config validator checks; a route whose path cannot
     * match a normalized path (no leading {@code /}) is kept but never matches.
     *
     * @throws IllegalArgumentException if a {@code ~regex} path or header value does not compile
     */
    public static <T> RouteTable<T> compile(List<Entry<T>> entries) {
        CharRangeMap<HostBucket<T>> exactHosts = new CharRangeMap<>(true);
        CharRangeMap<HostBucket<T>> wildcardHosts = new CharRangeMap<>(true);
        HostBucket<T> anyHost = new HostBucket<>(Terminal.HOST_ANY);
        List<HostBucket<T>> buckets = new ArrayList<>();
        buckets.add(anyHost);
        Map<String, PathPattern> patterns = new HashMap<>();
        Map<MatchCriteria, List<Entry<T>>> splits = weightedGroups(entries);
        int wildcardMaxPriority = Integer.MIN_VALUE;
        for (Entry<T> entry : entries) {
            RouteSpec spec = entry.spec();
            WeightedGroup<T> group = null;
            if (spec.weight() != null) {
                List<Entry<T>> members = splits.get(MatchCriteria.of(spec));
                if (members.get(0) != entry) {
                    continue; // indexed once, with its first member
                }
                group = group(members);
                if (group == null) {
                    continue; // every weight is 0: the split gets no traffic
                }
            }
            Conditions conditions = Conditions.of(spec.methods(), spec.headers());
            List<PathPattern> paths = new ArrayList<>(spec.paths().size());
            for (String path : spec.paths()) {
                paths.add(patterns.computeIfAbsent(path, PathPattern::parse));
            }
            if (spec.hosts().isEmpty()) {
                addPaths(anyHost, entry, group, conditions, paths, Terminal.HOST_ANY);
                continue;
            }
            Set<String> hosts = new LinkedHashSet<>();
            for (String host : spec.hosts()) {
                hosts.add(HostName.normalizeRouteHost(host));
            }
            for (String host : hosts) {
                boolean wildcard = HostName.isWildcard(host);
                String key = wildcard ? host.substring(1) : host;
                CharRangeMap<HostBucket<T>> map = wildcard ? wildcardHosts : exactHosts;
                HostBucket<T> bucket = map.get(key, 0, key.length());
                if (bucket == null) {
                    bucket = new HostBucket<>(wildcard ? key.length() : Terminal.HOST_EXACT);
                    map.put(key, bucket);
                    buckets.add(bucket);
                }
                addPaths(bucket, entry, group, conditions, paths, wildcard ? key.length() : Terminal.HOST_EXACT);
                if (wildcard) {
                    wildcardMaxPriority = Math.max(wildcardMaxPriority, spec.priority());
                }
            }
        }
        for (HostBucket<T> bucket : buckets) {
            bucket.freeze();
        }
        return new RouteTable<>(exactHosts, wildcardHosts, wildcardMaxPriority, anyHost, entries.size());
    }

    /**
     * Weighted routes by match criteria, in declaration order: routes with identical criteria that
     * all have a weight form one canary split (the config validator rejects a mix).
     */
    private static <T> Map<MatchCriteria, List<Entry<T>>> weightedGroups(List<Entry<T>> entries) {
        Map<MatchCriteria, List<Entry<T>>> groups = new HashMap<>();
        List<Entry<T>> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingInt(entry -> entry.spec().index()));
        for (Entry<T> entry : sorted) {
            if (entry.spec().weight() != null) {
                groups.computeIfAbsent(MatchCriteria.of(entry.spec()), criteria -> new ArrayList<>()).add(entry);
            }
        }
        return groups;
    }

    private static <T> WeightedGroup<T> group(List<Entry<T>> members) {
        List<T> values = new ArrayList<>(members.size());
        List<Integer> weights = new ArrayList<>(members.size());
        for (Entry<T> member : members) {
            values.add(member.value());
            weights.add(member.spec().weight());
        }
        return WeightedGroup.of(values, weights);
    }

    private static <T> void addPaths(HostBucket<T> bucket, Entry<T> entry, WeightedGroup<T> group,
            Conditions conditions, List<PathPattern> paths, int hostRank) {
        RouteSpec spec = entry.spec();
        for (int i = 0; i < paths.size(); i++) {
            bucket.add(new Terminal<>(entry.value(), group, conditions, paths.get(i), spec.priority(), hostRank,
                    spec.index(), i));
        }
    }

    /** Number of routes compiled into this table. */
    public int size() {
        return size;
    }

    /**
     * The best route for a request.
     *
     * @param hostHeader the raw Host value (any case, may carry a port, {@code [v6]} literal), or null
     * @param path       the normalized path: starts with {@code /}, no query
     * @param method     the request method, compared exactly
     * @param headers    the request headers, or null for none
     */
    public RouteMatch<T> match(String hostHeader, String path, String method, HttpHeaders headers) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(method, "method");
        HttpHeaders h = headers == null ? EmptyHttpHeaders.INSTANCE : headers;
        String host = hostHeader == null ? "" : HostName.bracketBareIpv6(hostHeader);
        Terminal<T> best = walkBuckets(host, path, method, MethodMask.bit(method), h, null);
        if (best == null) {
            return RouteMatch.NotFound.instance();
        }
        if (best != Terminal.<T>methodMismatch()) {
            return best.found(path);
        }
        Set<String> allowed = new TreeSet<>();
        walkBuckets(host, path, method, 0, h, allowed);
        return allowed.isEmpty() ? RouteMatch.NotFound.instance() : new RouteMatch.MethodNotAllowed<>(allowed);
    }

    /**
     * Visits the buckets the host belongs to, best host rank first so that the ranking check can
     * skip the rest: the exact name, every wildcard suffix (longest first), the routes without
     * hosts. With {@code allowed} set, collects methods for a 405 instead of ranking.
     */
    private Terminal<T> walkBuckets(String host, String path, String method, int methodBit, HttpHeaders headers,
            Set<String> allowed) {
        Terminal<T> best = null;
        int end = HostName.end(host);
        if (exactHosts.size() > 0) {
            HostBucket<T> bucket = exactHosts.get(host, 0, end);
            if (bucket != null) {
                best = visit(bucket, path, method, methodBit, headers, allowed, best);
            }
        }
        boolean wildcardsMayWin = allowed != null || best == null
                || !best.outranksAll(wildcardMaxPriority, Terminal.HOST_EXACT - 1);
        if (wildcardHosts.size() > 0 && wildcardsMayWin) {
            for (int i = 1; i < end; i++) {
                if (host.charAt(i) == '.') {
                    if (allowed == null && best != null && best.outranksAll(wildcardMaxPriority, end - i)) {
                        break; // this suffix and the shorter ones after it rank lower
                    }
                    HostBucket<T> bucket = wildcardHosts.get(host, i, end);
                    if (bucket != null) {
                        best = visit(bucket, path, method, methodBit, headers, allowed, best);
                    }
                }
            }
        }
        return visit(anyHost, path, method, methodBit, headers, allowed, best);
    }

    private static <T> Terminal<T> visit(HostBucket<T> bucket, String path, String method, int methodBit,
            HttpHeaders headers, Set<String> allowed, Terminal<T> best) {
        if (allowed == null) {
            return bucket.best(path, method, methodBit, headers, best);
        }
        bucket.collectMethods(path, headers, allowed);
        return null;
    }
}
