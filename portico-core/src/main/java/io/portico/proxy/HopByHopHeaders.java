package io.portico.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.List;

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): they are removed before a
 * message is forwarded, in both directions, together with every header the Connection header names.
 */
final class HopByHopHeaders {

    private static final AsciiString[] ALWAYS = {
        HttpHeaderNames.CONNECTION,
        HttpHeaderNames.KEEP_ALIVE,
        AsciiString.cached("proxy-connection"),
        HttpHeaderNames.PROXY_AUTHENTICATE,
        HttpHeaderNames.PROXY_AUTHORIZATION,
        HttpHeaderNames.TE,
        HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING,
        HttpHeaderNames.UPGRADE,
    };

    private HopByHopHeaders() {}

    static void remove(HttpHeaders headers) {
        List<String> named = connectionOptions(headers);
        for (AsciiString name : ALWAYS) {
            headers.remove(name);
        }
        if (named != null) {
            for (int i = 0; i < named.size(); i++) {
                headers.remove(named.get(i));
            }
        }
    }

    /** Header names listed in Connection (other than close/keep-alive), or null when there are none. */
    private static List<String> connectionOptions(HttpHeaders headers) {
        List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
        if (values.isEmpty()) {
            return null;
        }
        List<String> names = null;
        for (String value : values) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).trim();
                if (!token.isEmpty() && !token.equalsIgnoreCase("close") && !token.equalsIgnoreCase("keep-alive")) {
                    if (names == null) {
                        names = new ArrayList<>(2);
                    }
                    names.add(token);
                }
                start = end + 1;
            }
        }
        return names;
    }
}
