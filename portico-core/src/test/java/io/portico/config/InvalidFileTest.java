package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.portico.plugin.PluginRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A whole file with many mistakes: every one is reported, in file order, with file, line and column.
 * A service whose URL is wrong still exists, so routes that name it get no second, misleading error.
 */
class InvalidFileTest {

    @Test
    void reportsEveryMistakeOfAFileInOrder() throws Exception {
        Path file = Path.of(InvalidFileTest.class.getResource("/config/invalid.yaml").toURI());

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, PluginRegistry.empty()));

        assertThat(e.errors()).extracting(error -> error.format("invalid.yaml")).containsExactly(
                "invalid.yaml:5:22: proxy.limits.max_header_size: \"16kb\" (expected: a size such as 512B, 16KB, "
                        + "10MB, 1GB)",
                "invalid.yaml:7:11: admin.token: missing (expected: a token whenever admin.listen is not a "
                        + "loopback address)",
                "invalid.yaml:11:44: upstreams[0].targets[0].weight: 0 (expected: 1..1000)",
                "invalid.yaml:14:10: services[0].url: unknown upstream \"users-pol\" (expected one of: users-pool; "
                        + "or host:port to connect directly)",
                "invalid.yaml:17:23: routes[0].paths[1]: \"users\" (expected: a path starting with /, =/ or ~)",
                "invalid.yaml:22:1: unknown key \"dashboard\" (expected one of: version, proxy, admin, upstreams, "
                        + "services, routes, consumers, cluster, plugins)");
        assertThat(e.getMessage()).startsWith("6 errors in " + file);
    }
}
