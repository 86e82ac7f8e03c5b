package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.PorticoSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", description = "Check a configuration file: exit 0, or 1 with every error listed.")
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "portico.yaml")
    private Path config;

    @Override
    public Integer call() {
        ConfigFile file = new ConfigFile(config);
        try {
            PorticoSpec loaded = file.parse(file.read());
            spec.commandLine().getOut().println(config + ": valid (" + count(loaded.routes().size(), "route") + ", "
                    + count(loaded.services().size(), "service") + ", "
                    + count(loaded.upstreams().size(), "upstream") + ")");
            return 0;
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        } catch (IOException e) {
            spec.commandLine().getErr().println(file.describe(e));
            return 1;
        }
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
