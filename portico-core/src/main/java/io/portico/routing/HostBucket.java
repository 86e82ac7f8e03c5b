package io.portico.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The routes reachable through one host key (an exact name, a wildcard suffix, or no host):
 * exact, prefix and template paths in a segment trie, regex paths in a list. Every entry of a
 * bucket has the same host rank. Built by {@link #add}, then {@link #freeze()} makes it
 * read-only; a frozen bucket is shared by all event loops.
 */
final class HostBucket<T> {

    private final int hostRank;
    /** Highest priority of any entry; with the host rank, bounds what this bucket can offer. */
    private int maxPriority = Integer.MIN_VALUE;
    private final SegmentNode<T> root = new SegmentNode<>();
    private final List<Terminal<T>> pendingRegex = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private Terminal<T>[] regex = new Terminal[0];

    HostBucket(int hostRank) {
        this.hostRank = hostRank;
    }

    void add(Terminal<T> terminal) {
        maxPriority = Math.max(maxPriority, terminal.priority);
        PathPattern pattern = terminal.pattern;
        if (pattern instanceof PathPattern.Exact exact) {
            root.add(exact.literals(), terminal);
        } else if (pattern instanceof PathPattern.Segments segments) {
            root.add(segments.literals(), terminal);
        } else if (pattern instanceof PathPattern.Regex) {
            pendingRegex.add(terminal);
        }
    }

    @SuppressWarnings("unchecked")
    void freeze() {
        pendingRegex.sort(Terminal.RANKING);
        regex = pendingRegex.toArray(new Terminal[0]);
        pendingRegex.clear();
        // Iterative: a pathological route could nest deeper than the stack allows.
        List<SegmentNode<T>> stack = new ArrayList<>();
        stack.add(root);
        while (!stack.isEmpty()) {
            stack.remove(stack.size() - 1).freeze(stack);
        }
    }

    /** The better of {@code best} and this bucket's best entry for the request. */
    Terminal<T> best(String path, String method, int methodBit, HttpHeaders headers, Terminal<T> best) {
        if (best != null && best.outranksAll(maxPriority, hostRank)) {
            return best;
        }
        best = root.best(path, 0, method, methodBit, headers, hostRank, best);
        for (Terminal<T> terminal : regex) {
            if (best != null && !terminal.ranksAbove(best)) {
                break;
            }
            if (terminal.conditions.accepts(method, methodBit, headers)) {
                if (lookingAt(terminal, path)) {
                    return terminal;
                }
            } else if (best == null && terminal.conditions.acceptsHeaders(headers) && lookingAt(terminal, path)) {
                best = Terminal.methodMismatch();
            }
        }
        return best;
    }

    /** Adds the methods of every entry that matches the path and headers (for a 405's Allow). */
    void collectMethods(String path, HttpHeaders headers, Set<String> allowed) {
        root.collectMethods(path, 0, headers, allowed);
        for (Terminal<T> terminal : regex) {
            if (terminal.conditions.acceptsHeaders(headers) && lookingAt(terminal, path)) {
                terminal.conditions.addMethodsTo(allowed);
            }
        }
    }

    private static boolean lookingAt(Terminal<?> terminal, String path) {
        Matcher matcher = ((PathPattern.Regex) terminal.pattern).pattern().matcher(path);
        return matcher.lookingAt();
    }
}
