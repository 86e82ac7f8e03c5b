package io.portico.app;

import io.portico.admin.AdminServer;
import io.portico.config.ConfigException;
import io.portico.config.PorticoSpec;
import io.portico.observability.ConfigLoads;
import io.portico.server.Gateway;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", description = "Run the gateway with a configuration file; reloads it on change and on SIGHUP.")
final class StartCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(StartCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "portico.yaml")
    private Path config;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ConfigFile file = new ConfigFile(config);
        String content;
        PorticoSpec loaded;
        try {
            content = file.read();
            loaded = file.parse(content);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(file.describe(e));
            return 1;
        }
        // Installed before the listeners open, so that a SIGTERM during startup still drains.
        Termination termination = Termination.install();
        Gateway gateway;
        try {
            gateway = Gateway.start(loaded, file.plugins());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            err.println("portico could not start: " + startFailure(e));
            return 1;
        }
        ConfigLoads loads = ConfigLoads.initial(file.source(), ConfigFile.bytes(content));
        AdminServer admin;
        try {
            admin = startAdmin(loaded, gateway, loads);
        } catch (RuntimeException e) {
            err.println("portico could not start: " + startFailure(e));
            return 1;
        }
        ConfigReloader reloader = ConfigReloader.start(file, content, gateway, loads);
        boolean hup = ProcessSignals.handle("HUP", () -> reloader.reloadNow("SIGHUP"));
        log.info("running {}: reloads when the file changes{}; SIGTERM or Ctrl-C stops gracefully",
                config, hup ? " and on SIGHUP" : "");
        // The reloader stops first, so that no reload races the drain; the admin API closes after the drain,
        // so that GET /health answers 503 (not ready) while it lasts and probes take the node out.
        termination.runUntilTerminated(reloader, gateway, admin);
        return 0;
    }

    /**
     * Opens the admin listener of a started gateway, and adds the configuration's reload metrics to the
     * gateway's; when the listener cannot open, stops the gateway at once and throws. Its address and
     * token are read once: changing them takes a restart.
     */
    static AdminServer startAdmin(PorticoSpec spec, Gateway gateway, ConfigLoads loads) throws InterruptedException {
        try {
            loads.registerIn(gateway.metrics());
            return AdminServer.start(spec.admin(), gateway, loads, VersionCommand.version());
        } catch (InterruptedException | RuntimeException e) {
            gateway.shutdown(Duration.ZERO);
            throw e;
        }
    }

    /** One line for a failure of {@link Gateway#start}: a listener that cannot bind, an access log that cannot open. */
    static String startFailure(Exception failure) {
        if (failure.getCause() != null && !failure.getMessage().contains(String.valueOf(failure.getCause().getMessage()))) {
            return failure.getMessage() + " (" + failure.getCause() + ")";
        }
        return failure.getMessage();
    }
}
