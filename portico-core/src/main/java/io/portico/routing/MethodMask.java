package io.portico.routing;

import java.util.List;

/**
 * Route methods as bits, so that the per-entry method check reads one int instead of comparing
 * strings. Standard methods have a bit each; any other method has {@link #OTHER} in a request and
 * is compared by name against the route's list.
 */
final class MethodMask {

    /** A route without methods: every bit set. */
    static final int ANY = -1;
    static final int OTHER = 1 << 31;

    private MethodMask() {
    }

    static int bit(String method) {
        switch (method) {
            case "GET":
                return 1;
            case "HEAD":
                return 1 << 1;
            case "POST":
                return 1 << 2;
            case "PUT":
                return 1 << 3;
            case "DELETE":
                return 1 << 4;
            case "PATCH":
                return 1 << 5;
            case "OPTIONS":
                return 1 << 6;
            case "TRACE":
                return 1 << 7;
            case "CONNECT":
                return 1 << 8;
            default:
                return OTHER;
        }
    }

    /** The bits of the standard methods listed; other names are left to a comparison by name. */
    static int of(List<String> methods) {
        if (methods.isEmpty()) {
            return ANY;
        }
        int mask = 0;
        for (String method : methods) {
            int bit = bit(method);
            if (bit != OTHER) {
                mask |= bit;
            }
        }
        return mask;
    }
}
