package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", description = "Check a configuration file: exit 0, or 1 with every error listed.")
final class ValidateCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "portico.yaml")
    private Path config;

    @Override
    public Integer call() {
        try {
            PorticoSpec spec = ConfigLoader.load(config);
            System.out.println(config + ": valid (" + spec.routes().size() + " routes, " + spec.services().size()
                    + " services, " + spec.upstreams().size() + " upstreams)");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println(config + ": cannot read (" + e.getMessage() + ")");
            return 1;
        }
    }
}
