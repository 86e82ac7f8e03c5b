package io.portico.app;

import io.portico.chain.ChainCompiler;
import io.portico.chain.ChainReport;
import io.portico.chain.PluginServices;
import io.portico.config.ConfigException;
import io.portico.config.PorticoSpec;
import io.portico.config.RouteSpec;
import io.portico.json.JsonText;
import io.portico.observability.MetricRegistry;
import io.portico.plugin.PluginRegistry;
import io.portico.proxy.GatewaySnapshot;
import io.portico.proxy.RouteLookup;
import io.portico.proxy.SnapshotCompiler;
import io.portico.transport.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "explain",
        description = "Show which route, plugins (phase by phase, in running order) and upstream a request gets. "
                + "Exit 0 when a route matches, 1 on configuration errors, 2 when no route matches.")
final class ExplainCommand implements Callable<Integer> {

    static final int NO_ROUTE = 2;

    private final PluginRegistry plugins;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "portico.yaml")
    private Path config;

    @Parameters(index = "0", paramLabel = "REQUEST",
            description = "'[METHOD] URL', e.g. 'GET http://api.example.com/users?page=2', or '/users' with -H 'Host: ...'.")
    private String request;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'", description = "A request header (repeatable).")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--consumer", paramLabel = "USERNAME",
            description = "Show the chain of this consumer's requests (its own plugins apply after authentication).")
    private String consumer;

    @Option(names = "--json", description = "Print the report as JSON (the admin API's GET /routes/{name}/chain).")
    private boolean json;

    ExplainCommand() {
        this(ConfigFile.BUILT_IN_PLUGINS);
    }

    /** With other plugin types than the built-in ones (tests). */
    ExplainCommand(PluginRegistry plugins) {
        this.plugins = plugins;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ExplainRequest parsed;
        try {
            parsed = ExplainRequest.parse(request, headers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "REQUEST: " + e.getMessage());
        }
        ConfigFile file = new ConfigFile(config, plugins);
        PorticoSpec loaded;
        try {
            loaded = file.parse(file.read());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(file.describe(e));
            return 1;
        }
        Compiled compiled;
        try {
            compiled = Compiled.of(loaded, plugins);
        } catch (ConfigException e) {
            // Compile errors (an unresolvable host, a plugin that cannot start) carry no file name of their own.
            err.println(new ConfigException(config.toString(), e.errors()).getMessage());
            return 1;
        }
        try (compiled) {
            GatewaySnapshot snapshot = compiled.snapshot();
            if (consumer != null && !snapshot.hasConsumer(consumer)) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--consumer: \"" + consumer + "\" (expected: the username of a consumer in " + config + ")");
            }
            RouteLookup lookup = snapshot.lookup(parsed.method(), parsed.target(), parsed.host(), parsed.headers());
            if (lookup instanceof RouteLookup.Matched matched) {
                List<RouteSpec> group = snapshot.weightedGroup(matched.route());
                if (!group.isEmpty()) {
                    out.print(json ? groupJson(snapshot, group) : groupText(snapshot, group, matched.path()));
                    return 0;
                }
                ChainReport report = snapshot.chainReport(matched.route(), consumer);
                out.print(json ? report.toJson() + System.lineSeparator() : ChainReportText.render(report, matched.path()));
                return 0;
            }
            out.println(json ? noRouteJson(lookup, parsed.method()) : noRouteText(lookup));
            return NO_ROUTE;
        }
    }

    /** A canary split: each request goes to one member, so every member's report is shown. */
    private String groupText(GatewaySnapshot snapshot, List<RouteSpec> group, String path) {
        StringBuilder text = new StringBuilder("weighted group: each request goes to one of these routes, in"
                + " proportion to its weight" + System.lineSeparator());
        int total = 0;
        for (RouteSpec member : group) {
            total += member.weight();
        }
        for (RouteSpec member : group) {
            text.append(String.format("  %-20s weight %4d  (%s)%n", member.name(), member.weight(),
                    share(member.weight(), total)));
        }
        for (RouteSpec member : group) {
            text.append(System.lineSeparator()).append("member ").append(member.name()).append(System.lineSeparator())
                    .append(ChainReportText.render(snapshot.chainReport(member.name(), consumer), path));
        }
        return text.toString();
    }

    private String groupJson(GatewaySnapshot snapshot, List<RouteSpec> group) {
        StringBuilder json = new StringBuilder("{\"weighted_group\":[");
        for (int i = 0; i < group.size(); i++) {
            RouteSpec member = group.get(i);
            json.append(i == 0 ? "" : ",").append("{\"route\":").append(JsonText.quote(member.name()))
                    .append(",\"weight\":").append(member.weight())
                    .append(",\"chain\":").append(snapshot.chainReport(member.name(), consumer).toJson()).append('}');
        }
        return json.append("]}").append(System.lineSeparator()).toString();
    }

    private static String share(int weight, int total) {
        return total == 0 ? "no traffic" : String.format(Locale.ROOT, "%.1f %%", 100.0 * weight / total);
    }

    private static String noRouteText(RouteLookup lookup) {
        if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
            return "no route: 405 (allowed: " + String.join(", ", notAllowed.allowedMethods()) + ")";
        }
        if (lookup instanceof RouteLookup.UnsafePath unsafe) {
            return "no route: 400 unsafe path (" + unsafe.reason() + ")";
        }
        return "no route: 404";
    }

    /** The JSON error the gateway would answer with (DESIGN §4), with {@code allow} for a 405. */
    private static String noRouteJson(RouteLookup lookup, String method) {
        StringBuilder json = new StringBuilder(128);
        if (lookup instanceof RouteLookup.MethodNotAllowed notAllowed) {
            json.append("{\"status\":405,\"error\":\"method_not_allowed\",\"message\":");
            JsonText.appendQuoted(json, "method " + method + " is not allowed here");
            json.append(",\"allow\":[");
            int i = 0;
            for (String allowed : notAllowed.allowedMethods()) {
                json.append(i++ == 0 ? "" : ",");
                JsonText.appendQuoted(json, allowed);
            }
            return json.append("]}").toString();
        }
        if (lookup instanceof RouteLookup.UnsafePath unsafe) {
            json.append("{\"status\":400,\"error\":\"bad_request\",\"message\":");
            JsonText.appendQuoted(json, "unsafe or malformed path: " + unsafe.reason());
            return json.append('}').toString();
        }
        return "{\"status\":404,\"error\":\"no_route\",\"message\":\"no route matches this request\"}";
    }

    /**
     * A configuration compiled as {@code start} compiles it, but with no listener and no health check: its
     * event loop, plugin services and upstreams are closed again when the report is printed.
     */
    private record Compiled(GatewaySnapshot snapshot, Transport transport, PluginServices services)
            implements AutoCloseable {

        static Compiled of(PorticoSpec spec, PluginRegistry plugins) throws ConfigException {
            Transport transport = Transport.create(1, "portico-explain");
            PluginServices services = PluginServices.create(new MetricRegistry());
            try {
                SnapshotCompiler compiler = new SnapshotCompiler(transport, new ChainCompiler(plugins, services));
                return new Compiled(compiler.compile(spec, null), transport, services);
            } catch (ConfigException | RuntimeException e) {
                transport.shutdown(Duration.ofSeconds(2));
                services.close();
                throw e;
            }
        }

        @Override
        public void close() {
            snapshot.upstreams().close();
            transport.shutdown(Duration.ofSeconds(2));
            services.close();
        }
    }
}
