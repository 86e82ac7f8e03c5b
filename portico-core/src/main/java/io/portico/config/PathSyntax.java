package io.portico.config;

import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Rules for route paths and hosts. Requests are matched after normalization, so a literal path in
 * config must already be normalized, or it could never match. Each check returns null when the
 * text is valid, else the rule it breaks (the part after {@code expected: }).
 */
final class PathSyntax {

    static final String PATH_RULE = "a path starting with /, =/ or ~";
    static final String HOST_RULE = "a host name such as api.example.com, or a leading wildcard such as *.example.org";

    private PathSyntax() {}

    /** {@code /prefix}, {@code /users/{id}}, {@code =/exact} or {@code ~regex}. */
    static String routePathProblem(String path) {
        if (path.startsWith("~")) {
            return regexProblem(path.substring(1));
        }
        if (path.startsWith("=")) {
            String exact = path.substring(1);
            return exact.startsWith("/") ? literalProblem(exact, false) : PATH_RULE;
        }
        return path.startsWith("/") ? literalProblem(path, true) : PATH_RULE;
    }

    /** Why a {@code ~regex} header condition value is invalid, or null. */
    static String headerRegexProblem(String value) {
        return value.startsWith("~") ? regexProblem(value.substring(1)) : null;
    }

    private static String regexProblem(String regex) {
        if (regex.isEmpty()) {
            return "a regular expression after ~";
        }
        try {
            Pattern.compile(regex);
            return null;
        } catch (PatternSyntaxException e) {
            return "a valid regular expression; " + e.getDescription()
                    + (e.getIndex() >= 0 ? " near index " + e.getIndex() : "");
        }
    }

    /**
     * A normalized path: no empty, {@code .} or {@code ..} segments, only URL path characters, and
     * percent-encoding only where needed; {@code {name}} segments when {@code template} is allowed.
     */
    static String literalProblem(String path, boolean template) {
        Set<String> parameters = new HashSet<>();
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            if (i < path.length() && path.charAt(i) != '/') {
                continue;
            }
            String segment = path.substring(segmentStart, i);
            String problem = segmentProblem(segment, i == path.length(), template, parameters);
            if (problem != null) {
                return problem;
            }
            segmentStart = i + 1;
        }
        return null;
    }

    private static String segmentProblem(String segment, boolean last, boolean template, Set<String> parameters) {
        if (segment.isEmpty()) {
            return last ? null : "a normalized path without empty segments (//)";
        }
        if (segment.equals(".") || segment.equals("..")) {
            return "a normalized path without . or .. segments";
        }
        if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
            if (!template) {
                return "a literal path without { or } (parameters are for template paths only)";
            }
            return parameterProblem(segment, parameters);
        }
        for (int i = 0; i < segment.length(); i++) {
            String problem = characterProblem(segment, i);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String parameterProblem(String segment, Set<String> parameters) {
        if (segment.charAt(0) != '{' || segment.indexOf('}') != segment.length() - 1
                || segment.indexOf('{', 1) >= 0) {
            return "a {name} parameter that fills a whole segment";
        }
        String name = segment.substring(1, segment.length() - 1);
        boolean valid = !name.isEmpty() && !(name.charAt(0) >= '0' && name.charAt(0) <= '9');
        for (int i = 0; valid && i < name.length(); i++) {
            char c = name.charAt(i);
            valid = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        if (!valid) {
            return "a parameter name of letters, digits and _ that does not start with a digit";
        }
        if (!parameters.add(name)) {
            return "unique parameter names ({" + name + "} appears twice)";
        }
        return null;
    }

    private static String characterProblem(String segment, int i) {
        char c = segment.charAt(i);
        if (c <= 0x20 || c == 0x7f) {
            return "a normalized path without spaces or control characters";
        }
        if (c > 0x7f) {
            return "a normalized path with non-ASCII characters percent-encoded as UTF-8";
        }
        if (c == '\\') {
            return "a normalized path without backslashes";
        }
        if (c == ';') {
            return "a normalized path without ;";
        }
        if (c == '?' || c == '#') {
            return "a path without query or fragment";
        }
        if (c == '%') {
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = high >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
            if (low < 0) {
                return "a normalized path where % starts a two-digit hex escape";
            }
            char decoded = (char) (high * 16 + low);
            if (decoded == '/' || decoded == '\\') {
                return "a normalized path without encoded slashes (%2F, %5C)";
            }
            if (isUnreserved(decoded)) {
                return "a normalized path where " + segment.substring(i, i + 3) + " is written as " + decoded;
            }
            return null;
        }
        if (isUnreserved(c) || "!$&'()*+,=:@".indexOf(c) >= 0) {
            return null;
        }
        return "a normalized path where " + c + " is percent-encoded";
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    /** A lower-cased exact host, or {@code *.} followed by one; never with a port. */
    static String hostProblem(String host) {
        String name = host.startsWith("*.") ? host.substring(2) : host;
        if (name.isEmpty() || name.length() > 253) {
            return HOST_RULE;
        }
        int labelLength = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '.') {
                if (labelLength == 0) {
                    return HOST_RULE;
                }
                labelLength = 0;
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
                labelLength++;
            } else if (c == ':') {
                return "a host without a port (hosts match whatever the port)";
            } else {
                return HOST_RULE;
            }
        }
        return labelLength == 0 ? HOST_RULE : null;
    }
}
