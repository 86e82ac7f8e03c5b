package io.portico.routing;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A node of a host bucket's segment trie: reached after consuming some path segments, it holds
 * the exact, prefix and template entries that end here, best first, and its children. Literal
 * children are looked up by the segment's character range (no substring); at most one child
 * stands for a template variable, which matches any one non-empty segment.
 */
final class SegmentNode<T> {

    private static final Object[] NO_CHILDREN = new Object[2];

    /** Highest priority of the entries at or below this node; lower-ranked subtrees are skipped. */
    private int maxPriority = Integer.MIN_VALUE;
    private CharRangeMap<SegmentNode<T>> literalChildren;
    /** {@code literalChildren}' table, read directly on the request path (one indirection less). */
    private Object[] children = NO_CHILDREN;
    private SegmentNode<T> variableChild;
    private List<Terminal<T>> pending = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private Terminal<T>[] terminals = new Terminal[0];

    /** {@code literals[i]} is a segment's text, or null for a template variable. */
    void add(String[] literals, Terminal<T> terminal) {
        SegmentNode<T> node = this;
        node.maxPriority = Math.max(node.maxPriority, terminal.priority);
        for (String literal : literals) {
            node = node.child(literal);
            node.maxPriority = Math.max(node.maxPriority, terminal.priority);
        }
        node.pending.add(terminal);
    }

    private SegmentNode<T> child(String literal) {
        if (literal == null) {
            if (variableChild == null) {
                variableChild = new SegmentNode<>();
            }
            return variableChild;
        }
        if (literalChildren == null) {
            literalChildren = new CharRangeMap<>(false);
        }
        SegmentNode<T> child = literalChildren.get(literal, 0, literal.length());
        if (child == null) {
            child = new SegmentNode<>();
            literalChildren.put(literal, child);
        }
        return child;
    }

    @SuppressWarnings("unchecked")
    void freeze(List<SegmentNode<T>> stack) {
        pending.sort(Terminal.RANKING);
        terminals = pending.toArray(new Terminal[0]);
        pending = null;
        if (variableChild != null) {
            stack.add(variableChild);
        }
        if (literalChildren != null) {
            children = literalChildren.table();
            literalChildren.forEachValue(stack::add);
        }
    }

    /**
     * The best of {@code best} and the entries at or below this node that match the path from
     * {@code offset} (a segment boundary), the method and the headers. Children first: deeper
     * entries usually rank higher, so the entries here are often cut off by the ranking check.
     */
    @SuppressWarnings("unchecked")
    Terminal<T> best(String path, int offset, String method, int methodBit, HttpHeaders headers, int hostRank,
            Terminal<T> best) {
        if (best != null && best.outranksAll(maxPriority, hostRank)) {
            return best;
        }
        int length = path.length();
        if (offset < length) {
            // One pass finds the segment's end and hashes it for the literal lookup.
            int start = offset + 1;
            int end = start;
            int hash = 0;
            for (char c; end < length && (c = path.charAt(end)) != '/'; end++) {
                hash = CharRangeMap.hashStep(hash, c);
            }
            SegmentNode<T> child = (SegmentNode<T>) CharRangeMap.find(children, false, path, start, end, hash);
            if (child != null) {
                best = child.best(path, end, method, methodBit, headers, hostRank, best);
            }
            if (variableChild != null && end > start) {
                best = variableChild.best(path, end, method, methodBit, headers, hostRank, best);
            }
        }
        for (Terminal<T> terminal : terminals) {
            if (best != null && !terminal.ranksAbove(best)) {
                break;
            }
            if (terminal.accepts(path, offset, method, methodBit, headers)) {
                return terminal;
            }
            if (best == null && terminal.rejectsOnlyMethod(path, offset, headers)) {
                best = Terminal.methodMismatch();
            }
        }
        return best;
    }

    /** Adds the methods of every entry at or below this node that matches the path and headers. */
    @SuppressWarnings("unchecked")
    void collectMethods(String path, int offset, HttpHeaders headers, Set<String> allowed) {
        int length = path.length();
        if (offset < length) {
            int start = offset + 1;
            int end = start;
            int hash = 0;
            for (char c; end < length && (c = path.charAt(end)) != '/'; end++) {
                hash = CharRangeMap.hashStep(hash, c);
            }
            SegmentNode<T> child = (SegmentNode<T>) CharRangeMap.find(children, false, path, start, end, hash);
            if (child != null) {
                child.collectMethods(path, end, headers, allowed);
            }
            if (variableChild != null && end > start) {
                variableChild.collectMethods(path, end, headers, allowed);
            }
        }
        for (Terminal<T> terminal : terminals) {
            if (terminal.fits(path, offset) && terminal.conditions.acceptsHeaders(headers)) {
                terminal.conditions.addMethodsTo(allowed);
            }
        }
    }
}
