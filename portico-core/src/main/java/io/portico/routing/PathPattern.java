package io.portico.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One entry of a route's {@code paths}, parsed once when a table is compiled. */
sealed interface PathPattern {

    /**
     * {@code =/users}: the whole path, literally (braces included). Indexed in the segment trie
     * like a prefix, but only matches where the path ends.
     */
    record Exact(String path, String[] literals) implements PathPattern {
    }

    /**
     * {@code /users}, {@code /users/} or {@code /users/{id}}: a segment prefix. {@code literals[i]}
     * is the i-th segment's text, or {@code null} where {@code variables[i]} names a template
     * variable. A trailing slash requires the path to continue with {@code /} after the last
     * segment; that slash is not consumed, so the rest of the path keeps its leading slash.
     *
     * @param literalLength the pattern's length without its {@code {name}} segments (ranking)
     */
    record Segments(String[] literals, String[] variables, boolean trailingSlash, int literalLength, int variableCount)
            implements PathPattern {
    }

    /** {@code ~regex}: {@link java.util.regex.Matcher#lookingAt()} on the path. */
    record Regex(Pattern pattern, List<String> groupNames) implements PathPattern {
    }

    /** A non-empty path that does not start with {@code /}, {@code =} or {@code ~}: matches nothing. */
    record Unmatchable(String path) implements PathPattern {
    }

    static PathPattern parse(String path) {
        if (path.startsWith("=")) {
            String exact = path.substring(1);
            if (!exact.isEmpty() && !exact.startsWith("/")) {
                return new Unmatchable(path);
            }
            return new Exact(exact, split(exact).toArray(new String[0]));
        }
        if (path.startsWith("~")) {
            String regex = path.substring(1);
            try {
                Pattern pattern = Pattern.compile(regex);
                return new Regex(pattern, RegexGroupNames.of(pattern));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(path + " (expected: a valid regular expression: "
                        + e.getDescription() + ")", e);
            }
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            return new Unmatchable(path);
        }
        return segments(path);
    }

    private static Segments segments(String path) {
        boolean trailingSlash = path.endsWith("/");
        String body = trailingSlash ? path.substring(0, path.length() - 1) : path;
        List<String> literals = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        int literalLength = path.length();
        int variableCount = 0;
        for (String segment : split(body)) {
            if (segment.length() > 2 && segment.charAt(0) == '{' && segment.charAt(segment.length() - 1) == '}') {
                literals.add(null);
                variables.add(segment.substring(1, segment.length() - 1));
                literalLength -= segment.length();
                variableCount++;
            } else {
                literals.add(segment);
                variables.add(null);
            }
        }
        return new Segments(literals.toArray(new String[0]), variables.toArray(new String[0]), trailingSlash,
                literalLength, variableCount);
    }

    /** The segments after the leading slash: {@code /a//b} is {@code a, "", b}; {@code ""} has none. */
    private static List<String> split(String path) {
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            segments.add(path.substring(start, end));
            start = end + 1;
        }
        return segments;
    }
}
