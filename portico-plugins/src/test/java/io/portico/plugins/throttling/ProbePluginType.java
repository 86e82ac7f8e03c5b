package io.portico.plugins.throttling;

import io.portico.plugin.Action;
import io.portico.plugin.Completed;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.Queue;
import java.util.Set;

/**
 * A test plugin that records the {@code X-Seq} header of the requests reaching one phase, so that an IT
 * knows a request got to throttling's access (a probe just before it) or that throttling's log phase
 * ran for it (a probe just after it), without sleeping.
 */
final class ProbePluginType implements PluginType<String> {

    private final String name;
    private final Phase phase;
    private final int priority;
    private final Queue<String> seen;

    ProbePluginType(String name, Phase phase, int priority, Queue<String> seen) {
        this.name = name;
        this.phase = phase;
        this.priority = priority;
        this.seen = seen;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(phase);
    }

    @Override
    public int priority() {
        return priority;
    }

    @Override
    public String readConfig(ConfigReader config) {
        return name;
    }

    @Override
    public Plugin create(String config, PluginContext context) {
        return new Plugin() {
            @Override
            public Action access(HttpExchange exchange) {
                seen.add(String.valueOf(exchange.requestHeaders().get("x-seq")));
                return Action.proceed();
            }

            @Override
            public void log(HttpExchange exchange, Completed completed) {
                seen.add(exchange.requestHeaders().get("x-seq") + " " + completed.status());
            }
        };
    }
}
