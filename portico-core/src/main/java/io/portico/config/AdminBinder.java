package io.portico.config;

import java.util.List;

/** Binds {@code admin:}. */
final class AdminBinder {

    static final List<String> KEYS = List.of("listen", "token");

    private AdminBinder() {}

    static AdminSpec bind(Section admin) {
        Binder binder = admin.binder();
        HostPort listen = Defaults.ADMIN_LISTEN;
        YamlNode listenNode = admin.node("listen");
        if (listenNode != null) {
            HostPort parsed = ProxyBinder.hostPort(binder, listenNode, admin.path("listen"));
            listen = parsed == null ? listen : parsed;
        }
        String token = null;
        YamlNode tokenNode = admin.node("token");
        if (tokenNode != null) {
            token = binder.text(tokenNode, admin.path("token"), "a token");
            // An empty expansion (PORTICO_ADMIN_TOKEN set to "") means no token.
            if (token != null && token.isEmpty()) {
                token = null;
            }
            if (token != null && !HttpSyntax.isVisibleAscii(token)) {
                // The token is a secret: the message never repeats it.
                binder.error(admin.path("token"), tokenNode,
                        "(redacted) (expected: visible ASCII characters without spaces)");
                token = null;
            }
        }
        if (token == null && !listen.isLoopback() && !hasError(binder, admin.path("token"))) {
            binder.error(admin.path("token"), tokenNode != null ? tokenNode : listenNode,
                    "missing (expected: a token whenever admin.listen is not a loopback address)");
        }
        return new AdminSpec(listen, token);
    }

    private static boolean hasError(Binder binder, String path) {
        for (ConfigError error : binder.errors()) {
            if (error.path().equals(path)) {
                return true;
            }
        }
        return false;
    }
}
