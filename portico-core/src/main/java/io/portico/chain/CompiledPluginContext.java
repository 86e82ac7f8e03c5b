package io.portico.chain;

import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugin.Metrics;
import io.portico.plugin.PluginContext;
import io.portico.plugin.RedisSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** The context a plugin is created with: its place, the configuration's consumers and cluster, the shared services. */
final class CompiledPluginContext implements PluginContext {

    private final String scope;
    private final ChainCompiler.Environment environment;
    private final PluginServices services;

    CompiledPluginContext(String scope, ChainCompiler.Environment environment, PluginServices services) {
        this.scope = scope;
        this.environment = environment;
        this.services = services;
    }

    @Override
    public String scope() {
        return scope;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends Credential> List<ConsumerCredential<K>> credentials(Class<K> type) {
        List<ConsumerCredential<K>> out = new ArrayList<>();
        for (ConsumerCredential<Credential> entry : environment.credentials()) {
            if (type.isInstance(entry.credential())) {
                out.add((ConsumerCredential<K>) (ConsumerCredential<?>) entry);
            }
        }
        return out;
    }

    @Override
    public Consumer consumer(String username) {
        return environment.byName().get(username);
    }

    @Override
    public Executor blockingExecutor() {
        return services.blockingExecutor();
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return services.scheduler();
    }

    @Override
    public HttpClient httpClient() {
        return services.httpClient();
    }

    @Override
    public Clock clock() {
        return services.clock();
    }

    @Override
    public Metrics metrics() {
        return services.metrics();
    }

    @Override
    public RedisSettings clusterRedis() {
        return environment.clusterRedis();
    }
}
