package io.portico.plugins.correlationid;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.Locale;
import java.util.Set;

/** {@code correlation-id}: Kong's {@code header_name}, {@code generator} and {@code echo_downstream}. */
public final class CorrelationIdPluginType implements PluginType<CorrelationIdConfig> {

    static final String DEFAULT_HEADER = "X-Request-Id";

    /** Headers that carry framing, routing or identity, which the core or the HTTP codec own. */
    private static final Set<String> MANAGED_HEADERS = Set.of("host", "content-length", "transfer-encoding",
            "connection", "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect", "content-type",
            "content-encoding", "authorization", "proxy-authorization", "proxy-authenticate", "www-authenticate",
            "cookie", "set-cookie", "forwarded", "via", "x-forwarded-for", "x-forwarded-proto", "x-forwarded-host",
            "x-forwarded-port", "x-consumer-username", "x-consumer-groups", "x-credential-identifier",
            "x-anonymous-consumer");

    public CorrelationIdPluginType() {}

    @Override
    public String name() {
        return "correlation-id";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.REWRITE, Phase.RESPONSE_HEADERS);
    }

    @Override
    public int priority() {
        return 100001;
    }

    @Override
    public CorrelationIdConfig readConfig(ConfigReader config) {
        String headerName = config.string("header_name", DEFAULT_HEADER);
        String generator = config.oneOf("generator", "uuid", IdGenerator.NAMES);
        boolean echoDownstream = config.bool("echo_downstream", true);
        if (!HttpTokens.isToken(headerName)) {
            config.expected("header_name", "a header name such as X-Correlation-Id");
        } else if (MANAGED_HEADERS.contains(headerName.toLowerCase(Locale.ROOT))) {
            config.expected("header_name", "a header Portico does not manage, such as X-Correlation-Id");
        }
        return new CorrelationIdConfig(headerName, generator, echoDownstream);
    }

    @Override
    public Plugin create(CorrelationIdConfig config, PluginContext context) {
        return new CorrelationIdPlugin(config, IdGenerator.named(config.generator(), context.clock()));
    }
}
