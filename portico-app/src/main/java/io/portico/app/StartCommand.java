package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.server.Gateway;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "start", description = "Run the gateway with a configuration file; reloads it on change and on SIGHUP.")
final class StartCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "Configuration file (default: ${DEFAULT-VALUE}).",
            defaultValue = "portico.yaml")
    private Path config;

    @Override
    public Integer call() throws Exception {
        PorticoSpec spec;
        try {
            spec = ConfigLoader.load(config);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (IOException e) {
            System.err.println(config + ": cannot read (" + e.getMessage() + ")");
            return 1;
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(spec);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        ConfigReloader reloader = ConfigReloader.start(config, gateway);
        runUntilTerminated(gateway, reloader);
        return 0;
    }

    /** Blocks until SIGTERM/SIGINT, then drains: in-flight requests finish within proxy.drain_timeout. */
    static void runUntilTerminated(Gateway gateway, AutoCloseable... alsoClose) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable closeable : alsoClose) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    // Shutting down anyway; nothing useful to do with it.
                }
            }
            gateway.close();
            stopped.countDown();
        }, "portico-shutdown"));
        stopped.await();
    }
}
