package io.portico.proxy;

/**
 * Checks a path a plugin wants to send upstream instead of the client's. The client's path was
 * normalized before routing; a rewritten one must not undo that (a {@code ..} segment would reach
 * past the service's path), nor smuggle a query, a fragment or bytes that break the request line.
 */
final class UpstreamPaths {

    private UpstreamPaths() {}

    static String checked(String path) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            throw invalid(path, "an absolute path starting with /");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '?' || c == '#' || c > 0x7e) {
                throw invalid(path, "no query, fragment, space, control or non-ASCII character (percent-encode them)");
            }
        }
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            String segment = path.substring(start, end);
            if (segment.equals(".") || segment.equals("..")) {
                throw invalid(path, "no . or .. segment");
            }
            start = end + 1;
        }
        return path;
    }

    private static IllegalArgumentException invalid(String path, String rule) {
        return new IllegalArgumentException("upstream path: " + path + " (expected: " + rule + ")");
    }
}
