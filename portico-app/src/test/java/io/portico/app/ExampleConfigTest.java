package io.portico.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.AggregateSpec;
import io.portico.config.ConfigLoader;
import io.portico.config.ConsumerSpec;
import io.portico.config.PluginSpec;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.config.ServiceSpec;
import io.portico.config.ServiceUrl;
import io.portico.config.UpstreamSpec;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** examples/portico.yaml and examples/versioning.yaml, which the docs point to, stay valid with the built-in plugins. */
class ExampleConfigTest {

    @Test
    void loadsTheFullExample() throws Exception {
        Path example = Path.of("..", "examples", "portico.yaml");

        PorticoSpec spec = ConfigLoader.load(example, ConfigFile.BUILT_IN_PLUGINS);

        assertThat(spec.upstreams()).extracting(UpstreamSpec::name).containsExactly("users-pool", "sessions-pool");
        assertThat(spec.services()).extracting(ServiceSpec::name).containsExactly("users", "sessions", "legacy");
        assertThat(spec.routes()).extracting(RouteSpec::name).containsExactly("users-v1", "sessions", "legacy", "status",
                "account");
        assertThat(spec.routes().get(4).aggregate().backends()).extracting(AggregateSpec.Backend::key)
                .containsExactly("user", "sessions");
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

    @Test
    void loadsTheVersioningExample() throws Exception {
        PorticoSpec spec = ConfigLoader.load(Path.of("..", "examples", "versioning.yaml"), ConfigFile.BUILT_IN_PLUGINS);

        assertThat(spec.routes()).extracting(RouteSpec::name).containsExactly("path-v1", "path-v2", "header-v2",
                "accept-version-v2", "media-type-v2", "orders-default", "v3-stable", "v3-canary");
        assertThat(spec.routes()).extracting(RouteSpec::weight)
                .containsExactly(null, null, null, null, null, null, 90, 10);
        assertThat(spec.routes().get(4).headers()).containsEntry("accept",
                List.of("~application/vnd\\.example\\.v2\\+json"));
        assertThat(spec.routes().get(5).plugins()).extracting(PluginSpec::name).containsExactly("deprecation");
    }
}
