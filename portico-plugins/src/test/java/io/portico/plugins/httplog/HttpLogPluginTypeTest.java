package io.portico.plugins.httplog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.Plugin;
import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestPluginContext;
import io.portico.plugins.logging.LogPlugin;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Which configurations share a sender (no request is sent here: see HttpLogSenderIT). */
class HttpLogPluginTypeTest {

    private final HttpLogPluginType type = new HttpLogPluginType();
    private final TestPluginContext context = new TestPluginContext();

    @AfterEach
    void closeType() {
        type.close();
    }

    @Test
    void placesAndReloadsWithTheSameEndpointAndSettingsShareOneSender() {
        Plugin route = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs"));
        Plugin global = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs", "mask_query", List.of("session")));
        Plugin reloaded = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs"));

        assertThat(sender(global)).isSameAs(sender(route));
        assertThat(sender(reloaded)).isSameAs(sender(route));
        assertThat(type.senders()).isEqualTo(1);
    }

    @Test
    void otherSettingsGetTheirOwnSender() {
        Plugin base = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs"));
        Plugin otherQueue = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs", "queue", Map.of("max_entries", 5)));
        Plugin otherHeaders = plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs", "headers", Map.of("X-A", "1")));
        Plugin otherUser = plugin(Map.of("http_endpoint", "http://user:pw@127.0.0.1:9/logs"));

        assertThat(List.of(sender(base), sender(otherQueue), sender(otherHeaders), sender(otherUser)))
                .doesNotHaveDuplicates();
        assertThat(type.senders()).isEqualTo(4);
    }

    @Test
    void closeForgetsTheSendersAndTheTypeStartsAfresh() {
        HttpLogSender before = sender(plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs")));

        type.close();

        assertThat(type.senders()).isZero();
        assertThat(sender(plugin(Map.of("http_endpoint", "http://127.0.0.1:9/logs")))).isNotSameAs(before);
    }

    private Plugin plugin(Map<String, ?> config) {
        ConfigProbe<HttpLogConfig> probe = ConfigProbe.read(type, config);
        assertThat(probe.problems()).isEmpty();
        return type.create(probe.config(), context);
    }

    private static HttpLogSender sender(Plugin plugin) {
        return (HttpLogSender) ((LogPlugin) plugin).sink();
    }
}
