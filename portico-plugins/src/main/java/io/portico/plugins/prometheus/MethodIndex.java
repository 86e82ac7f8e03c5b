package io.portico.plugins.prometheus;

/**
 * The request methods metrics tell apart; any other method is counted as {@code OTHER}, so that a
 * client inventing methods cannot create series.
 */
final class MethodIndex {

    static final String[] LABELS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT", "OTHER"};

    private MethodIndex() {}

    static int of(String method) {
        return switch (method) {
            case "GET" -> 0;
            case "HEAD" -> 1;
            case "POST" -> 2;
            case "PUT" -> 3;
            case "PATCH" -> 4;
            case "DELETE" -> 5;
            case "OPTIONS" -> 6;
            case "TRACE" -> 7;
            case "CONNECT" -> 8;
            default -> 9;
        };
    }
}
