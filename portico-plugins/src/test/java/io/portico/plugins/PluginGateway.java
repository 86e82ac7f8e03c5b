package io.portico.plugins;

import io.portico.plugin.PluginRegistry;
import io.portico.server.GatewayFixture;
import io.portico.testing.Reply;
import io.portico.testing.TestOrigin;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real Portico with the built-in plugins (found through ServiceLoader, as in production) in front of
 * a recording {@link TestOrigin}, started once for an IT class and stopped after it:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PluginGateway gateway = new PluginGateway(CONFIG); // ${ORIGIN} is the origin's host:port
 *
 * private final GatewayFixture portico = gateway.portico();
 * private final TestOrigin origin = gateway.origin();
 * }</pre>
 *
 * Before each test the origin forgets the requests it received and answers with an echo again.
 */
public final class PluginGateway implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private final String yaml;
    private final Map<String, String> variables;
    private TestOrigin origin;
    private GatewayFixture portico;

    public PluginGateway(String yaml) {
        this(yaml, Map.of());
    }

    /** @param variables values for {@code ${NAME}} in the YAML, besides {@code ORIGIN} */
    public PluginGateway(String yaml, Map<String, String> variables) {
        this.yaml = yaml;
        this.variables = Map.copyOf(variables);
    }

    public GatewayFixture portico() {
        return portico;
    }

    public TestOrigin origin() {
        return origin;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        origin = TestOrigin.start();
        Map<String, String> all = new HashMap<>(variables);
        all.put("ORIGIN", "127.0.0.1:" + origin.port());
        portico = GatewayFixture.start(yaml, all, PluginRegistry.discover());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        origin.clearRequests();
        origin.otherwise(Reply.echo());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (portico != null) {
            portico.close();
        }
        if (origin != null) {
            origin.close();
        }
    }
}
