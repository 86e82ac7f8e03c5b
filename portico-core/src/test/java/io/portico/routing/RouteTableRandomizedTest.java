package io.portico.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.portico.config.RouteSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Compares the index with a straightforward linear implementation of the documented rules on
 * thousands of random route sets and requests drawn from small alphabets, so that routes collide.
 */
class RouteTableRandomizedTest {

    private static final String[] ROUTE_HOSTS = {"a.com", "b.a.com", "x.b.a.com", "c.org", "*.a.com", "*.b.a.com",
        "*.com", "A.COM", "[::1]", "::1", "c.org.", "*.C.org"};
    private static final String[] REQUEST_HOSTS = {null, "", "a.com", "A.com:8080", "b.a.com", "x.b.a.com.",
        "y.x.b.a.com", "c.org:1", "C.ORG", "[::1]:9", "::1", "com", "d.com", "Q.C.ORG", "a.com.:80", ".a.com"};
    private static final String[] SEGMENTS = {"a", "b", "c", "ab", "1", "22"};
    private static final String[] METHODS = {"GET", "POST", "DELETE", "PUT", "PURGE"};
    /** Regex paths with their named groups, written out by hand (independent of the index's scan). */
    private static final Map<String, List<String>> REGEXES = Map.of(
            "~/a", List.of(),
            "~/(?<first>[a-z]+)/(?<second>\\d+)", List.of("first", "second"),
            "~/b/?", List.of(),
            "~.*c", List.of(),
            "~/(?<x>a|b)(/|$)", List.of("x"),
            "~/1(?<y>2)?", List.of("y"),
            "~[/](?<z>\\()?", List.of("z"));
    private static final List<String> REGEX_PATHS = new ArrayList<>(new TreeSet<>(REGEXES.keySet()));
    private static final Map<String, Pattern> COMPILED = new HashMap<>();
    private static final Map<String, String> ROUTE_HOST_FORMS = new HashMap<>();

    @Test
    void agreesWithLinearReferenceOnSmallRandomRouteSets() {
        Random random = new Random(20_261_122L);
        for (int set = 0; set < 3_000; set++) {
            List<RouteSpec> specs = randomRoutes(random, 1 + random.nextInt(24));
            compareOn(specs, random, 40);
        }
    }

    @Test
    void agreesWithLinearReferenceOnLargeRandomRouteSets() {
        Random random = new Random(7L);
        for (int set = 0; set < 3; set++) {
            List<RouteSpec> specs = randomRoutes(random, 300);
            compareOn(specs, random, 1_500);
        }
    }

    private static void compareOn(List<RouteSpec> specs, Random random, int requests) {
        List<RouteTable.Entry<String>> entries = new ArrayList<>();
        for (RouteSpec spec : specs) {
            entries.add(new RouteTable.Entry<>(spec, spec.name()));
        }
        Collections.shuffle(entries, random);
        RouteTable<String> table = RouteTable.compile(entries);
        for (int r = 0; r < requests; r++) {
            String host = REQUEST_HOSTS[random.nextInt(REQUEST_HOSTS.length)];
            String path = randomRequestPath(random);
            String method = METHODS[random.nextInt(METHODS.length)];
            HttpHeaders headers = randomHeaders(random);
            String expected = describe(reference(specs, host, path, method, headers));
            String actual = describe(table.match(host, path, method, headers));
            assertThat(actual)
                    .as("host=%s path=%s method=%s headers=%s routes=%s", host, path, method, headers, specs)
                    .isEqualTo(expected);
        }
    }

    private static String describe(RouteMatch<String> match) {
        if (match instanceof RouteMatch.Found<String> found) {
            return found.value() + " len=" + found.matchedLength() + " captures=" + new TreeSet<>(
                    found.captures().entrySet().stream().map(Object::toString).toList());
        }
        if (match instanceof RouteMatch.MethodNotAllowed<String> notAllowed) {
            return "405 " + new ArrayList<>(notAllowed.allowedMethods());
        }
        return "404";
    }

    private static List<RouteSpec> randomRoutes(Random random, int count) {
        List<RouteSpec> specs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<String> hosts = new ArrayList<>();
            if (random.nextBoolean()) {
                for (int h = 1 + random.nextInt(2); h > 0; h--) {
                    hosts.add(ROUTE_HOSTS[random.nextInt(ROUTE_HOSTS.length)]);
                }
            }
            List<String> paths = new ArrayList<>();
            for (int p = 1 + random.nextInt(random.nextInt(5) == 0 ? 3 : 1); p > 0; p--) {
                paths.add(randomPattern(random));
            }
            List<String> methods = new ArrayList<>();
            if (random.nextBoolean()) {
                for (String method : METHODS) {
                    if (random.nextInt(3) == 0) {
                        methods.add(method);
                    }
                }
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            int headerKind = random.nextInt(10);
            if (headerKind == 0) {
                headers.put("x-v", List.of("1"));
            } else if (headerKind == 1) {
                headers.put("x-v", List.of("1", "2"));
            } else if (headerKind == 2) {
                headers.put("x-w", List.of());
            } else if (headerKind == 3) {
                headers.put("x-v", List.of("2"));
                headers.put("x-w", List.of("on"));
            }
            int priority = random.nextInt(4) == 0 ? random.nextInt(4) - 1 : 0;
            specs.add(new RouteSpec("r" + i, hosts, paths, methods, headers, "svc", null, true, false, priority,
                    List.of(), i));
        }
        return specs;
    }

    private static String randomPattern(Random random) {
        int kind = random.nextInt(20);
        if (kind < 2) {
            return REGEX_PATHS.get(random.nextInt(REGEX_PATHS.size()));
        }
        if (kind < 5) {
            return "=" + randomRequestPath(random);
        }
        if (kind == 5) {
            return random.nextBoolean() ? "" : "/";
        }
        StringBuilder pattern = new StringBuilder();
        for (int s = random.nextInt(4); s >= 0; s--) {
            pattern.append('/');
            int segment = random.nextInt(8);
            if (segment == 0) {
                pattern.append(random.nextBoolean() ? "{v}" : "{w}");
            } else if (segment == 1) {
                pattern.append("{id").append(s).append('}');
            } else {
                pattern.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
            }
        }
        if (random.nextInt(5) == 0) {
            pattern.append('/');
        }
        return pattern.toString();
    }

    private static String randomRequestPath(Random random) {
        StringBuilder path = new StringBuilder();
        int segments = random.nextInt(5);
        for (int s = 0; s < segments; s++) {
            path.append('/').append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
        }
        if (segments == 0 || random.nextInt(6) == 0) {
            path.append('/');
        }
        return path.toString();
    }

    private static HttpHeaders randomHeaders(Random random) {
        HttpHeaders headers = new DefaultHttpHeaders();
        int v = random.nextInt(5);
        if (v > 0) {
            headers.add(random.nextBoolean() ? "x-v" : "X-V", String.valueOf(v));
        }
        if (random.nextInt(4) == 0) {
            headers.add("x-v", "2");
        }
        if (random.nextBoolean()) {
            headers.add(random.nextBoolean() ? "x-w" : "X-W", random.nextBoolean() ? "on" : "On");
        }
        return headers;
    }

    /** One way a route matches: its ranking key, and what the match returns. */
    private record Candidate(RouteSpec spec, int hostRank, int pathClass, int literalLength, int variables,
            int pathPosition, int matchedLength, Map<String, String> captures) {
    }

    private static final Comparator<Candidate> BEST_FIRST = Comparator
            .comparingInt((Candidate c) -> -c.spec().priority())
            .thenComparingInt(c -> -c.hostRank())
            .thenComparingInt(c -> -c.pathClass())
            .thenComparingInt(c -> -c.literalLength())
            .thenComparingInt(c -> -c.variables())
            .thenComparingInt(c -> c.spec().index())
            .thenComparingInt(Candidate::pathPosition);

    private static RouteMatch<String> reference(List<RouteSpec> specs, String hostHeader, String path, String method,
            HttpHeaders headers) {
        String host = requestHost(hostHeader);
        List<Candidate> matching = new ArrayList<>();
        TreeSet<String> allowed = new TreeSet<>();
        for (RouteSpec spec : specs) {
            int hostRank = hostRank(spec, host);
            if (hostRank < 0 || !headersMatch(spec, headers)) {
                continue;
            }
            for (int p = 0; p < spec.paths().size(); p++) {
                Candidate candidate = pathCandidate(spec, hostRank, p, path);
                if (candidate == null) {
                    continue;
                }
                if (spec.methods().isEmpty() || spec.methods().contains(method)) {
                    matching.add(candidate);
                } else {
                    allowed.addAll(spec.methods());
                }
            }
        }
        if (!matching.isEmpty()) {
            Candidate best = Collections.min(matching, BEST_FIRST);
            return new RouteMatch.Found<>(best.spec().name(), best.matchedLength(), best.captures());
        }
        return allowed.isEmpty() ? new RouteMatch.NotFound<>() : new RouteMatch.MethodNotAllowed<>(allowed);
    }

    private static String requestHost(String header) {
        if (header == null) {
            return "";
        }
        String host = header;
        long colons = host.chars().filter(c -> c == ':').count();
        if (!host.startsWith("[") && colons >= 2) {
            host = "[" + host + "]";
        }
        if (host.startsWith("[") && host.indexOf(']') > 0) {
            host = host.substring(0, host.indexOf(']') + 1);
        } else if (!host.startsWith("[") && colons == 1) {
            host = host.substring(0, host.indexOf(':'));
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /** -1 if no host of the route matches; 0 for a route without hosts. */
    private static int hostRank(RouteSpec spec, String host) {
        if (spec.hosts().isEmpty()) {
            return 0;
        }
        int best = -1;
        for (String routeHost : spec.hosts()) {
            String normalized = ROUTE_HOST_FORMS.computeIfAbsent(routeHost, h -> requestHost(
                    h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h));
            if (normalized.startsWith("*.")) {
                String suffix = normalized.substring(1);
                if (host.endsWith(suffix) && host.length() > suffix.length()) {
                    best = Math.max(best, suffix.length());
                }
            } else if (normalized.equals(host)) {
                best = Integer.MAX_VALUE;
            }
        }
        return best;
    }

    private static boolean headersMatch(RouteSpec spec, HttpHeaders headers) {
        for (Map.Entry<String, List<String>> header : spec.headers().entrySet()) {
            List<String> present = headers.getAll(header.getKey());
            if (present.isEmpty()) {
                return false;
            }
            if (!header.getValue().isEmpty() && Collections.disjoint(present, header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static Candidate pathCandidate(RouteSpec spec, int hostRank, int position, String path) {
        String pattern = spec.paths().get(position);
        if (pattern.startsWith("=")) {
            return pattern.substring(1).equals(path)
                    ? new Candidate(spec, hostRank, 2, 0, 0, position, path.length(), Map.of())
                    : null;
        }
        if (pattern.startsWith("~")) {
            Matcher matcher = COMPILED.computeIfAbsent(pattern, k -> Pattern.compile(k.substring(1))).matcher(path);
            if (!matcher.lookingAt()) {
                return null;
            }
            Map<String, String> captures = new HashMap<>();
            for (String name : REGEXES.get(pattern)) {
                if (matcher.group(name) != null) {
                    captures.put(name, matcher.group(name));
                }
            }
            return new Candidate(spec, hostRank, 0, 0, 0, position, matcher.end(), captures);
        }
        if (!pattern.isEmpty() && !pattern.startsWith("/")) {
            return null;
        }
        boolean trailingSlash = pattern.endsWith("/");
        String body = trailingSlash ? pattern.substring(0, pattern.length() - 1) : pattern;
        String[] patternSegments = body.isEmpty() ? new String[0] : body.substring(1).split("/", -1);
        String[] pathSegments = path.substring(1).split("/", -1);
        if (pathSegments.length < patternSegments.length) {
            return null;
        }
        Map<String, String> captures = new HashMap<>();
        int literalLength = pattern.length();
        int variables = 0;
        int consumed = 0;
        for (int i = 0; i < patternSegments.length; i++) {
            String want = patternSegments[i];
            String got = pathSegments[i];
            if (want.length() > 2 && want.startsWith("{") && want.endsWith("}")) {
                if (got.isEmpty()) {
                    return null;
                }
                captures.put(want.substring(1, want.length() - 1), got);
                literalLength -= want.length();
                variables++;
            } else if (!want.equals(got)) {
                return null;
            }
            consumed += 1 + got.length();
        }
        if (trailingSlash && consumed >= path.length()) {
            return null;
        }
        return new Candidate(spec, hostRank, 1, literalLength, variables, position, consumed, captures);
    }
}
