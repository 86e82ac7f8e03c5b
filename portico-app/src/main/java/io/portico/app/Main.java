package io.portico.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and of {@code ./portico}. */
@Command(
        name = "portico",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Portico API gateway.",
        subcommands = {StartCommand.class, ValidateCommand.class, DemoCommand.class, VersionCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
