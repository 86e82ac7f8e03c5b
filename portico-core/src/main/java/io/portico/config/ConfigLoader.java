package io.portico.config;

import io.portico.plugin.PluginRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Loads {@code portico.yaml} into a {@link PorticoSpec}: YAML with line and column for every node,
 * {@code ${NAME}} expansion, defaults from {@link Defaults}, and validation of every key and every
 * cross-reference. All errors are collected and thrown together; nothing half-valid is returned.
 */
public final class ConfigLoader {

    static final List<String> ROOT_KEYS =
            List.of("version", "proxy", "admin", "upstreams", "services", "routes", "consumers", "cluster", "plugins");

    private static final Comparator<ConfigError> BY_POSITION =
            Comparator.comparingInt((ConfigError e) -> e.line() == 0 ? Integer.MAX_VALUE : e.line())
                    .thenComparingInt(ConfigError::column);

    private ConfigLoader() {}

    /** Loads a file with the process environment; errors name the file as given. */
    public static PorticoSpec load(Path file, PluginRegistry plugins) throws IOException, ConfigException {
        String yaml = Files.readString(file, StandardCharsets.UTF_8);
        return parse(yaml, file.toString(), System::getenv, plugins);
    }

    /**
     * Parses and validates a configuration.
     *
     * @param sourceName       names the source in messages ({@code portico.yaml:12:9: ...})
     * @param env              looks up {@code ${NAME}}; returns null for an unset variable
     * @param plugins    the plugin types that {@code plugins:} lists and credentials may use
     * @throws ConfigException with every error, sorted by line and column
     */
    public static PorticoSpec parse(String yaml, String sourceName, Function<String, String> env,
                                    PluginRegistry plugins) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        YamlNode root = new YamlTreeReader(errors).read(yaml);
        if (root == null) {
            throw new ConfigException(sourceName, errors);
        }
        Binder binder = new Binder(errors, env);
        Section top = binder.section(root, "", ROOT_KEYS);
        version(top);
        ProxySpec proxy = ProxyBinder.bind(top.section("proxy", ProxyBinder.KEYS));
        AdminSpec admin = AdminBinder.bind(top.section("admin", AdminBinder.KEYS));
        ClusterSpec cluster = ClusterBinder.bind(top.section("cluster", ClusterBinder.KEYS));
        PluginBinder pluginBinder = new PluginBinder(binder, plugins, ConsumerBinder.usernames(top));

        List<UpstreamSpec> upstreams = UpstreamBinder.bindAll(binder, top);
        Set<String> upstreamNames = new HashSet<>();
        upstreams.forEach(u -> upstreamNames.add(u.name()));
        List<ServiceSpec> services = new ServiceBinder(binder, upstreamNames, pluginBinder).bindAll(top);
        Set<String> serviceNames = new HashSet<>();
        services.forEach(s -> serviceNames.add(s.name()));
        List<RouteSpec> routes = new RouteBinder(binder, serviceNames, pluginBinder).bindAll(top);
        Set<String> routeNames = new HashSet<>();
        routes.forEach(r -> routeNames.add(r.name()));
        List<ConsumerSpec> consumers = new ConsumerBinder(binder, plugins).bindAll(top, pluginBinder, routeNames);
        List<PluginSpec> globalPlugins = pluginBinder.bindAll(top);

        if (!errors.isEmpty()) {
            errors.sort(BY_POSITION);
            throw new ConfigException(sourceName, errors);
        }
        return new PorticoSpec(1, proxy, admin, cluster, upstreams, services, routes, consumers, globalPlugins);
    }

    private static void version(Section top) {
        YamlNode node = top.required("version", "1");
        if (node == null) {
            return;
        }
        Integer version = node instanceof YamlNode.Scalar scalar && scalar.type() == YamlNode.Type.INTEGER
                && scalar.number() instanceof Integer value ? value : null;
        if (version == null || version != 1) {
            top.binder().expected("version", node, "1");
        }
    }
}
