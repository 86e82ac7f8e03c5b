package io.portico.plugins.jwt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * Finds JSON objects that name a member twice ({@code {"sub":"alice","sub":"admin"}}). Parsers disagree
 * on which one wins, so a token's meaning could depend on who reads it; such a token is refused.
 * Nimbus's parser catches duplicates at the top level only; this scan covers every level, compares
 * names after unescaping ({@code "sub"} and {@code "\u0073ub"} are the same), and uses no recursion.
 */
final class DuplicateMembers {

    /** Stands for an array on the stack of open containers (objects hold their member names). */
    private static final Set<String> ARRAY = Set.of();

    private DuplicateMembers() {}

    /** True when some object repeats a member name, or the text is too broken to tell. */
    static boolean in(String json) {
        Deque<Set<String>> open = new ArrayDeque<>();
        boolean expectName = false;
        int i = 0;
        while (i < json.length()) {
            char c = json.charAt(i);
            switch (c) {
                case '{' -> {
                    open.push(new HashSet<>());
                    expectName = true;
                }
                case '[' -> {
                    open.push(ARRAY);
                    expectName = false;
                }
                case '}', ']' -> {
                    if (open.isEmpty()) {
                        return true;
                    }
                    open.pop();
                    expectName = false;
                }
                case ',' -> expectName = !open.isEmpty() && open.peek() != ARRAY;
                case '"' -> {
                    int end = stringEnd(json, i);
                    if (end < 0) {
                        return true;
                    }
                    if (expectName) {
                        String name = unescape(json, i + 1, end);
                        if (name == null || !open.peek().add(name)) {
                            return true;
                        }
                        expectName = false;
                    }
                    i = end;
                }
                default -> {
                    // ':', whitespace, numbers and literals say nothing about names
                }
            }
            i++;
        }
        return !open.isEmpty();
    }

    /** The index of the closing quote of the string that opens at {@code start}, or -1. */
    private static int stringEnd(String json, int start) {
        for (int i = start + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    /** The string's characters with escapes resolved, or null for a bad escape. */
    private static String unescape(String json, int from, int to) {
        if (json.indexOf('\\', from) < 0 || json.indexOf('\\', from) >= to) {
            return json.substring(from, to);
        }
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escaped = json.charAt(++i);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 >= to) {
                        return null;
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(json.charAt(i + k), 16);
                        if (digit < 0) {
                            return null;
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }
}
