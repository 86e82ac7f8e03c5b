package io.portico.http;

import io.netty.util.NetUtil;

/**
 * Validates {@code host [ ":" port ]} as used in Host fields and absolute-form authorities
 * (RFC 9110 §7.2, RFC 3986 §3.2.2). Stricter than the RFC on purpose: a reg-name may hold only
 * letters, digits, '-', '.', '_' and '~' (no percent-encoding or sub-delims, which no DNS name
 * needs and which upstreams parse inconsistently), the port must have 1 to 5 digits and be at most
 * 65535, and userinfo is not allowed.
 */
final class HostSyntax {
    private static final int MAX_HOST_LENGTH = 255;

    private HostSyntax() {}

    static boolean isValid(CharSequence value) {
        int length = value.length();
        if (length == 0) {
            return false;
        }
        int hostEnd;
        if (value.charAt(0) == '[') {
            int close = indexOf(value, ']');
            if (close < 0 || !NetUtil.isValidIpV6Address(value.subSequence(1, close))) {
                return false;
            }
            hostEnd = close + 1;
        } else {
            int colon = indexOf(value, ':');
            hostEnd = colon < 0 ? length : colon;
            if (hostEnd == 0 || hostEnd > MAX_HOST_LENGTH || !isRegName(value, hostEnd)) {
                return false;
            }
        }
        if (hostEnd == length) {
            return true;
        }
        return value.charAt(hostEnd) == ':' && isPort(value, hostEnd + 1, length);
    }

    private static boolean isRegName(CharSequence value, int end) {
        for (int i = 0; i < end; i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPort(CharSequence value, int from, int end) {
        int digits = end - from;
        if (digits < 1 || digits > 5) {
            return false;
        }
        int port = 0;
        for (int i = from; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535;
    }

    private static int indexOf(CharSequence value, char c) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
