package io.portico.app;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the Portico version.")
final class VersionCommand implements Callable<Integer> {

    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    @Override
    public Integer call() {
        System.out.println("portico " + version() + " (Java " + Runtime.version() + ")");
        return 0;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"portico " + version()};
        }
    }
}
