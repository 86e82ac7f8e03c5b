package io.portico.plugins.jwt;

import java.util.List;

/** What a request carries: no token, several different ones, or one (with every place it was found). */
sealed interface Presented permits Presented.Nothing, Presented.Several, Presented.One {

    enum Nothing implements Presented {
        INSTANCE
    }

    enum Several implements Presented {
        INSTANCE
    }

    /**
     * @param headers the header names (lower case) that carried it
     * @param params  the query parameters that carried it
     * @param cookies the cookies that carried it
     */
    record One(String token, List<String> headers, List<String> params, List<String> cookies) implements Presented {

        @Override
        public String toString() {
            return "One[headers=" + headers + ", params=" + params + ", cookies=" + cookies + "]"; // not the token
        }
    }
}
