package io.portico.plugins.httplog;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Where batches go. User information in the configured URL ({@code https://user:pass@host/logs})
 * becomes a Basic {@code Authorization} header and is removed from the URI, which is the only form
 * that appears in log messages.
 *
 * @param uri           the endpoint without user information
 * @param authorization {@code Basic …} from the user information, or null
 */
record Endpoint(URI uri, String authorization) {

    static final String RULE = "an http or https URL";

    /** The endpoint, or null when {@code text} is not an absolute http(s) URL with a host. */
    static Endpoint parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null || uri.getRawFragment() != null) {
            return null;
        }
        String authority = uri.getRawAuthority();
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        URI withoutUser = URI.create(scheme + "://" + hostPort + path + query);
        String userInfo = uri.getRawUserInfo();
        return new Endpoint(withoutUser, userInfo == null ? null : basic(userInfo));
    }

    /** The URL as it may appear in a message: user information replaced with {@code ***}. */
    static String redact(String text) {
        int start = text.indexOf("://");
        if (start < 0) {
            return text.indexOf('@') < 0 ? text : "***";
        }
        int authorityEnd = text.length();
        for (int i = start + 3; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                authorityEnd = i;
                break;
            }
        }
        int at = text.lastIndexOf('@', authorityEnd - 1);
        if (at < start + 3) {
            return text;
        }
        return text.substring(0, start + 3) + "***" + text.substring(at);
    }

    private static String basic(String rawUserInfo) {
        int colon = rawUserInfo.indexOf(':');
        String user = decode(colon < 0 ? rawUserInfo : rawUserInfo.substring(0, colon));
        String password = colon < 0 ? "" : decode(rawUserInfo.substring(colon + 1));
        byte[] credentials = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(credentials);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }

    @Override
    public String toString() {
        return uri + (authorization == null ? "" : " (with Basic credentials)");
    }
}
