package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import io.portico.config.ConsumerSpec;
import io.portico.config.PluginSpec;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.config.ServiceSpec;
import io.portico.config.ServiceUrl;
import io.portico.config.UpstreamSpec;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** examples/portico.yaml, which the docs point to, stays valid with the built-in plugins. */
class ExampleConfigTest {

    @Test
    void loadsTheFullExample() throws Exception {
        Path example = Path.of("..", "examples", "portico.yaml");

        PorticoSpec spec = ConfigLoader.load(example, ConfigFile.BUILT_IN_PLUGINS);

        assertThat(spec.upstreams()).extracting(UpstreamSpec::name).containsExactly("users-pool", "sessions-pool");
        assertThat(spec.services()).extracting(ServiceSpec::name).containsExactly("users", "sessions", "legacy");
        assertThat(spec.routes()).extracting(RouteSpec::name).containsExactly("users-v1", "sessions", "legacy", "status");
        assertThat(spec.services().get(2).url()).isEqualTo(new ServiceUrl("http", "127.0.0.1", 7000, "/v1"));
        assertThat(spec.routes().get(0).paths()).contains("~^/u/\\d+$");
        assertThat(spec.routes().get(0).plugins()).extracting(PluginSpec::name).containsExactly("key-auth", "acl");
        assertThat(spec.proxy().trustedProxies()).containsExactly("10.0.0.0/8", "fd00::/8", "127.0.0.1");
        assertThat(spec.consumers()).extracting(ConsumerSpec::username).containsExactly("alice", "guest");
        assertThat(spec.consumers().get(0).credentials()).containsOnlyKeys("key-auth", "basic-auth");
        assertThat(spec.consumers().get(0).plugins().get(0).route()).isEqualTo("users-v1");
        assertThat(spec.plugins()).extracting(PluginSpec::name)
                .containsExactly("correlation-id", "cors", "bot-detection", "request-size-limiting");
    }
}
