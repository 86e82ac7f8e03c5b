package io.portico.routing;

/**
 * Host names as routes and requests carry them. A request's Host value is compared as the range
 * {@code [0, end(value))}: the port and one trailing dot are cut off by index, not by copying,
 * and letters are compared ASCII case-insensitively by {@link CharRangeMap}.
 */
final class HostName {

    private HostName() {
    }

    /** End of the host part of a Host value: before the port, without a trailing dot. */
    static int end(String value) {
        int end = value.length();
        if (end > 0 && value.charAt(0) == '[') {
            int close = value.indexOf(']');
            if (close > 0) {
                end = close + 1;
            }
        } else {
            int colon = value.indexOf(':');
            if (colon >= 0 && value.indexOf(':', colon + 1) < 0) {
                end = colon;
            }
        }
        if (end > 0 && value.charAt(end - 1) == '.') {
            end--;
        }
        return end;
    }

    /**
     * An IPv6 literal written without brackets ({@code ::1}) is put in brackets so that it compares
     * equal to {@code [::1]}; anything else is returned as is. Rare, so it may allocate.
     */
    static String bracketBareIpv6(String value) {
        if (value.isEmpty() || value.charAt(0) == '[') {
            return value;
        }
        int colon = value.indexOf(':');
        return colon >= 0 && value.indexOf(':', colon + 1) >= 0 ? "[" + value + "]" : value;
    }

    /** A route's host as stored in the index: ASCII lower-case, bare IPv6 bracketed, no trailing dot. */
    static String normalizeRouteHost(String host) {
        StringBuilder lower = new StringBuilder(host.length());
        for (int i = 0; i < host.length(); i++) {
            lower.append(CharRangeMap.lowerAscii(host.charAt(i)));
        }
        String value = bracketBareIpv6(lower.toString());
        return value.endsWith(".") ? value.substring(0, value.length() - 1) : value;
    }

    static boolean isWildcard(String normalizedHost) {
        return normalizedHost.startsWith("*.");
    }
}
