package io.portico.app;

import io.portico.admin.AdminServer;
import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.observability.ConfigLoads;
import io.portico.server.Gateway;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run the gateway with two demo backends and a demo configuration.")
final class DemoCommand implements Callable<Integer> {

    static final String CONFIG_RESOURCE = "/demo/portico-demo.yaml";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-p", "--port"}, description = "Gateway port (default: ${DEFAULT-VALUE}).", defaultValue = "8080")
    private int port;

    @Option(names = "--admin-port", description = "Admin API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).",
            defaultValue = "9080")
    private int adminPort;

    @Override
    public Integer call() throws IOException, ConfigException, InterruptedException {
        checkPort("--port", port);
        checkPort("--admin-port", adminPort);
        Termination termination = Termination.install();
        DemoBackends backends = DemoBackends.start(2);
        Gateway gateway = null;
        AdminServer admin = null;
        try {
            PorticoSpec config = demoConfig(port, adminPort, backends.ports());
            try {
                gateway = Gateway.start(config, ConfigFile.BUILT_IN_PLUGINS);
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("demo could not start: "
                        + StartCommand.startFailure(e) + " (choose another port with --port)");
                return 1;
            }
            try {
                admin = StartCommand.startAdmin(config, gateway,
                        ConfigLoads.initial("classpath:" + CONFIG_RESOURCE, ConfigFile.bytes(resource())));
            } catch (UncheckedIOException e) {
                spec.commandLine().getErr().println("demo could not start: "
                        + StartCommand.startFailure(e) + " (choose another port with --admin-port)");
                return 1;
            }
        } finally {
            if (admin == null) {
                backends.close();
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(instructions(gateway.port(), admin.port(), backends.ports()));
        out.flush();
        // The gateway drains before the backends stop: requests in flight still reach them. The admin API
        // closes after the drain, as with portico start, so that /health reports it.
        termination.runUntilTerminated(gateway, admin, backends);
        return 0;
    }

    private void checkPort(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + ": " + value + " (expected: 0..65535; 0 = any free port)");
        }
    }

    static PorticoSpec demoConfig(int port, int adminPort, List<Integer> backendPorts) throws IOException, ConfigException {
        Map<String, String> variables = Map.of(
                "DEMO_PORT", Integer.toString(port),
                "DEMO_ADMIN_PORT", Integer.toString(adminPort),
                "DEMO_BACKEND_1", Integer.toString(backendPorts.get(0)),
                "DEMO_BACKEND_2", Integer.toString(backendPorts.get(1)));
        return ConfigLoader.parse(resource(), "portico-demo.yaml", variables::get, ConfigFile.BUILT_IN_PLUGINS);
    }

    private static String resource() throws IOException {
        try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + CONFIG_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String instructions(int port, int adminPort, List<Integer> backendPorts) {
        String base = "http://127.0.0.1:" + port;
        String adminBase = "http://127.0.0.1:" + adminPort;
        return String.join(System.lineSeparator(),
                "",
                "Portico demo is running on " + base + " (access log below, Ctrl-C to stop).",
                "Backends demo-1 and demo-2 listen on 127.0.0.1:" + backendPorts.get(0) + " and 127.0.0.1:"
                        + backendPorts.get(1) + "; the configuration is portico-app/src/main/resources"
                        + CONFIG_RESOURCE + ".",
                "The admin API listens on " + adminBase + " (loopback, no token).",
                "",
                "Try:",
                "  curl -s " + base + "/status                 # a static response route",
                "  curl -s " + base + "/api/hello              # round-robin: run it twice, see demo-1 then demo-2",
                "  curl -s " + base + "/users/42               # a template route, path kept as is",
                "  curl -si " + base + "/both/42               # an aggregate route: two backends, one JSON; cached",
                "  curl -s -X DELETE " + base + "/users/42     # 405 with Allow: GET",
                "  curl -s " + base + "/private/x              # 401: the private route wants an API key (key-auth)",
                "  curl -s -H 'apikey: demo-key-0123456789abcdef' " + base + "/private/x   # consumer demo-user",
                "  curl -s " + base + "/nowhere                # JSON 404",
                "  curl -s '" + base + "/api/../../etc/passwd' --path-as-is   # 400: unsafe path",
                "  curl -s -X POST 127.0.0.1:" + backendPorts.get(0)
                        + "/health/toggle   # make demo-1 fail its health checks;",
                "                                                  # within ~4 s every /api call goes to demo-2",
                "  curl -s " + adminBase + "/routes/private/chain # the admin API: a route's plugins, phase by phase",
                "  curl -s " + adminBase + "/metrics | grep portico_requests_total   # Prometheus metrics",
                "  curl -s " + adminBase + "/status               # version, uptime, config hash, connections",
                "");
    }
}
