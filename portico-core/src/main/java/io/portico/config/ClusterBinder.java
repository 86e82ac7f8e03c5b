package io.portico.config;

import io.portico.plugin.RedisSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

/** Binds {@code cluster:}. A Redis URL may carry a password, so messages never repeat it. */
final class ClusterBinder {

    static final List<String> KEYS = List.of("redis", "redis_prefix");
    static final String REDIS_RULE = "redis://[user:password@]host[:port][/db] or rediss://...";
    static final String PREFIX_RULE = "up to 64 visible ASCII characters";
    static final String DEFAULT_PREFIX = "portico:";

    private ClusterBinder() {}

    static ClusterSpec bind(Section cluster) {
        Binder binder = cluster.binder();
        String prefix = cluster.string("redis_prefix", DEFAULT_PREFIX, PREFIX_RULE);
        if (prefix.length() > 64 || !prefix.isEmpty() && !HttpSyntax.isVisibleAscii(prefix)) {
            binder.expected(cluster.path("redis_prefix"), cluster.node("redis_prefix"), PREFIX_RULE);
        }
        YamlNode node = cluster.node("redis");
        if (node == null) {
            return ClusterSpec.NONE;
        }
        String url = binder.text(node, cluster.path("redis"), REDIS_RULE);
        if (url == null) {
            return ClusterSpec.NONE;
        }
        if (!isRedisUrl(url)) {
            binder.error(cluster.path("redis"), node, (url.contains("@") ? "(redacted)" : Render.quote(url))
                    + " (expected: " + REDIS_RULE + ")");
            return ClusterSpec.NONE;
        }
        return new ClusterSpec(new RedisSettings(url, prefix));
    }

    static boolean isRedisUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            return false;
        }
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null) {
            return false;
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            return false;
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.equals("/")) {
            return true;
        }
        String db = path.substring(1);
        if (db.isEmpty() || db.length() > 5) {
            return false;
        }
        for (int i = 0; i < db.length(); i++) {
            if (db.charAt(i) < '0' || db.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
