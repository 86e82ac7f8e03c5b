package io.portico.plugin;

import java.net.URI;
import java.util.Objects;

/**
 * Where a plugin's shared counters live: {@code cluster.redis} and {@code cluster.redis_prefix} of the
 * configuration (or a plugin's own {@code redis:} block). Every key a plugin writes starts with
 * {@code prefix}.
 *
 * @param url {@code redis://[user:password@]host[:port][/db]} or {@code rediss://...}; may hold a password
 */
public record RedisSettings(String url, String prefix) {

    public RedisSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** The URL without its user and password, for messages. */
    public String redactedUrl() {
        try {
            URI uri = URI.create(url);
            if (uri.getRawUserInfo() == null) {
                return url;
            }
            return uri.getScheme() + "://(redacted)@" + uri.getRawAuthority().substring(uri.getRawAuthority().lastIndexOf('@') + 1)
                    + (uri.getRawPath() == null ? "" : uri.getRawPath());
        } catch (IllegalArgumentException e) {
            return "(redacted)";
        }
    }

    @Override
    public String toString() {
        return "RedisSettings[url=" + redactedUrl() + ", prefix=" + prefix + "]";
    }
}
