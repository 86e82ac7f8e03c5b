package io.portico.app;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the runnable jar and of {@code ./portico}. */
@Command(
        name = "portico",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Portico API gateway.",
        subcommands = {StartCommand.class, ValidateCommand.class, ExplainCommand.class, DemoCommand.class,
                VersionCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Commands return only after a graceful stop (Termination), so exiting here runs no drain twice.
        System.exit(run(args));
    }

    /** Runs a command line on stdout and stderr and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs a command line with its output and diagnostics going to {@code out} and {@code err}. */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            return new CommandLine(new Main()).setOut(out).setErr(err).execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
