package io.portico.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.observability.MetricRegistry;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import io.portico.plugin.RedisSettings;
import io.portico.plugin.RouteInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChainCompilerTest {

    /** Remembers the contexts its plugins were created with. */
    private static final class ContextRecorder implements PluginType<Void> {
        final List<PluginContext> contexts = new ArrayList<>();

        @Override
        public String name() {
            return "recorder";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.ACCESS);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Void readConfig(ConfigReader config) {
            return null;
        }

        @Override
        public Plugin create(Void config, PluginContext context) {
            contexts.add(context);
            return new Plugin() {};
        }
    }

    private static List<PluginContext> compile(String yaml) throws Exception {
        ContextRecorder recorder = new ContextRecorder();
        PluginRegistry registry = PluginRegistry.of(recorder);
        PorticoSpec spec = ConfigLoader.parse(yaml, "test.yaml", name -> null, registry);
        try (PluginServices services = PluginServices.create(new MetricRegistry())) {
            new ChainCompiler(registry, services).compile(spec).routes();
        }
        return recorder.contexts;
    }

    @Test
    void createsOnePluginPerConfiguredPlaceNamingItsScope() throws Exception {
        List<PluginContext> contexts = compile("""
                version: 1
                services: [{name: s, url: "http://127.0.0.1:1", plugins: [{name: recorder}]}]
                routes:
                  - {name: a, paths: [/a], service: s, plugins: [{name: recorder}]}
                  - {name: b, paths: [/b], service: s}
                plugins: [{name: recorder}]
                """);

        assertThat(contexts).extracting(PluginContext::scope)
                .containsExactlyInAnyOrder("plugins", "services[s]", "routes[a]");
    }

    @Test
    void givesPluginsTheClusterRedis() throws Exception {
        List<PluginContext> withRedis = compile("""
                version: 1
                cluster: {redis: "redis://127.0.0.1:6379", redis_prefix: "edge:"}
                plugins: [{name: recorder}]
                """);
        List<PluginContext> without = compile("""
                version: 1
                plugins: [{name: recorder}]
                """);

        assertThat(withRedis.get(0).clusterRedis()).isEqualTo(new RedisSettings("redis://127.0.0.1:6379", "edge:"));
        assertThat(without.get(0).clusterRedis()).isNull();
    }

    @Test
    void keepsEveryPluginInstanceForAConsumerButNotOtherConsumersOwn() throws Exception {
        ContextRecorder recorder = new ContextRecorder();
        PluginRegistry registry = PluginRegistry.of(recorder);
        PorticoSpec spec = ConfigLoader.parse("""
                version: 1
                services: [{name: s, url: "http://127.0.0.1:1", plugins: [{name: recorder}]}]
                routes:
                  - {name: a, paths: [/a], service: s, plugins: [{name: recorder}]}
                consumers:
                  - {username: alice, plugins: [{name: recorder}, {name: recorder, route: a}]}
                  - {username: bob, plugins: [{name: recorder}]}
                  - {username: carol}
                plugins: [{name: recorder}]
                """, "test.yaml", name -> null, registry);
        CompiledChains compiled;
        try (PluginServices services = PluginServices.create(new MetricRegistry())) {
            compiled = new ChainCompiler(registry, services).compile(spec);
        }

        assertThat(compiled.linksFor("alice")).extracting(ChainLink::source).containsExactly(
                "plugins", "services[s]", "routes[a]", "consumers[alice]", "consumers[alice]@a");
        assertThat(compiled.linksFor("carol")).extracting(ChainLink::source)
                .containsExactly("plugins", "services[s]", "routes[a]");
        assertThat(compiled.routes()).containsOnlyKeys("a");
    }

    /** A plugin that refuses to serve the route named "refused". */
    private static final class PickyType implements PluginType<Void> {

        @Override
        public String name() {
            return "picky";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.LOG);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Void readConfig(ConfigReader config) {
            return null;
        }

        @Override
        public Plugin create(Void config, PluginContext context) {
            return new Plugin() {
                @Override
                public Plugin forRoute(RouteInfo route) {
                    if (route.name().equals("refused")) {
                        throw new IllegalArgumentException("no series for " + route.name());
                    }
                    return this;
                }
            };
        }
    }

    @Test
    void aPluginThatCannotServeARouteIsAConfigurationError() throws Exception {
        PluginRegistry registry = PluginRegistry.of(new PickyType());
        PorticoSpec spec = ConfigLoader.parse("""
                version: 1
                routes:
                  - {name: fine, paths: [/a], response: {status: 200}}
                  - {name: refused, paths: [/b], response: {status: 200}}
                plugins: [{name: picky}]
                """, "test.yaml", name -> null, registry);

        try (PluginServices services = PluginServices.create(new MetricRegistry())) {
            assertThatThrownBy(() -> new ChainCompiler(registry, services).compile(spec))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("plugins.picky")
                    .hasMessageContaining("cannot start the plugin for route refused: no series for refused");
        }
    }
}
