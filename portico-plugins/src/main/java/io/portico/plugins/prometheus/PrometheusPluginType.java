package io.portico.plugins.prometheus;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.Set;

/**
 * {@code prometheus}: Kong's keys ({@code per_consumer}, {@code status_code_metrics}, {@code
 * latency_metrics}, {@code bandwidth_metrics}); unlike Kong the three families are on by default,
 * since they are what the plugin is for. Target health, connections and reloads are recorded by the
 * core whether or not the plugin is on.
 */
public final class PrometheusPluginType implements PluginType<PrometheusConfig> {

    public PrometheusPluginType() {}

    @Override
    public String name() {
        return "prometheus";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.LOG);
    }

    @Override
    public int priority() {
        return 13;
    }

    @Override
    public PrometheusConfig readConfig(ConfigReader config) {
        return new PrometheusConfig(
                config.bool("per_consumer", false),
                config.bool("status_code_metrics", true),
                config.bool("latency_metrics", true),
                config.bool("bandwidth_metrics", true));
    }

    @Override
    public Plugin create(PrometheusConfig config, PluginContext context) {
        return new PrometheusPlugin(config, RequestMetrics.register(context.metrics()));
    }
}
