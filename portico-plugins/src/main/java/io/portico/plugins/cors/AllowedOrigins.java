package io.portico.plugins.cors;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Which origins may read responses: every one, or those listed exactly or matched by a regex. */
sealed interface AllowedOrigins permits AllowedOrigins.Any, AllowedOrigins.Listed {

    /** @param origin the request's {@code Origin} */
    boolean allows(String origin);

    /** {@code origins: ["*"]}. */
    record Any() implements AllowedOrigins {
        @Override
        public boolean allows(String origin) {
            return true;
        }
    }

    /**
     * Exact origins (normalized) and regexes, each of which must match the whole normalized origin.
     * Origins longer than {@link #MAX_ORIGIN_LENGTH} are refused before any regex sees them.
     */
    record Listed(Set<String> exact, List<Pattern> patterns) implements AllowedOrigins {

        static final int MAX_ORIGIN_LENGTH = 1024;

        public Listed {
            exact = Set.copyOf(exact);
            patterns = List.copyOf(patterns);
        }

        @Override
        public boolean allows(String origin) {
            if (origin.length() > MAX_ORIGIN_LENGTH) {
                return false;
            }
            String normalized = Origins.normalize(origin);
            if (exact.contains(normalized)) {
                return true;
            }
            for (Pattern pattern : patterns) {
                if (pattern.matcher(normalized).matches()) {
                    return true;
                }
            }
            return false;
        }
    }
}
