package io.portico.proxy;

/** The request target sent upstream, built from the service URL's path and the client's request. */
final class UpstreamUris {

    private UpstreamUris() {}

    /**
     * The service's path prefix, then the normalized request path (without the part the route matched
     * when {@code stripPath}), then the query. A fully stripped path forwards as the prefix alone, or "/".
     */
    static String of(String prefix, String path, int matchedLength, boolean stripPath, String query) {
        String rest = stripPath ? path.substring(Math.min(matchedLength, path.length())) : path;
        String forwarded;
        if (rest.isEmpty()) {
            forwarded = prefix.isEmpty() ? "/" : prefix;
        } else if (rest.charAt(0) == '/') {
            forwarded = prefix.isEmpty() ? rest : prefix + rest;
        } else {
            forwarded = prefix + "/" + rest;
        }
        return query == null ? forwarded : forwarded + "?" + query;
    }

    /** The service's path prefix, then a path a plugin chose instead of the client's (absolute), then the query. */
    static String rewritten(String prefix, String path, String query) {
        String forwarded = prefix.isEmpty() ? path : prefix + path;
        return query == null ? forwarded : forwarded + "?" + query;
    }
}
