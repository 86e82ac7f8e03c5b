package io.portico.plugin.testing;

import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugin.PluginContext;
import io.portico.plugin.RedisSettings;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link PluginContext} for plugin unit tests: consumers and credentials added by the test, a
 * direct executor unless another is set, a daemon scheduler, the JDK HTTP client.
 */
public final class TestPluginContext implements PluginContext {

    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "test-plugin-scheduler");
        thread.setDaemon(true);
        return thread;
    });

    private final List<Consumer> consumers = new ArrayList<>();
    private final List<ConsumerCredential<?>> credentials = new ArrayList<>();
    public Executor blockingExecutor = Runnable::run;
    public Clock clock = Clock.systemUTC();
    public HttpClient httpClient = HttpClient.newHttpClient();
    public RedisSettings clusterRedis;
    public final TestMetrics metrics = new TestMetrics();

    public TestPluginContext consumer(Consumer consumer, Credential... owned) {
        consumers.add(consumer);
        for (Credential credential : owned) {
            credentials.add(new ConsumerCredential<>(consumer, credential));
        }
        return this;
    }

    @Override
    public String scope() {
        return "test";
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K extends Credential> List<ConsumerCredential<K>> credentials(Class<K> type) {
        List<ConsumerCredential<K>> out = new ArrayList<>();
        for (ConsumerCredential<?> entry : credentials) {
            if (type.isInstance(entry.credential())) {
                out.add((ConsumerCredential<K>) entry);
            }
        }
        return out;
    }

    @Override
    public Consumer consumer(String username) {
        for (Consumer consumer : consumers) {
            if (consumer.username().equals(username)) {
                return consumer;
            }
        }
        return null;
    }

    @Override
    public Executor blockingExecutor() {
        return blockingExecutor;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return SCHEDULER;
    }

    @Override
    public HttpClient httpClient() {
        return httpClient;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public TestMetrics metrics() {
        return metrics;
    }

    @Override
    public RedisSettings clusterRedis() {
        return clusterRedis;
    }
}
