package io.portico.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** POSIX signal handlers for the running process (TERM, INT, HUP). */
final class ProcessSignals {

    private static final Logger log = LoggerFactory.getLogger(ProcessSignals.class);

    private ProcessSignals() {}

    /**
     * Runs {@code action} on a JVM signal thread at each delivery of {@code SIG<name>}, replacing the
     * JVM's own handling. Returns false where the platform or the JVM ({@code -Xrs}) keeps the signal,
     * and where the process was started with the signal ignored ({@code nohup} ignores HUP, a
     * background job of a non-interactive shell INT): the JVM then leaves it ignored.
     */
    static boolean handle(String name, Runnable action) {
        try {
            SignalHandler previous = Signal.handle(new Signal(name), signal -> action.run());
            if (previous == SignalHandler.SIG_IGN) {
                log.debug("SIG{} was ignored when the process started, and stays ignored", name);
                return false;
            }
            return true;
        } catch (IllegalArgumentException e) {
            log.debug("SIG{} cannot be handled here: {}", name, e.getMessage());
            return false;
        }
    }
}
