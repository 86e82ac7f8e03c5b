package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.PorticoSpec;
import io.portico.observability.ConfigLoads;
import io.portico.server.Gateway;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the configuration file when its content changes, and on request ({@link #reloadNow}, which
 * {@code start} calls on SIGHUP). Changes are seen by watching the file's directory (which also sees
 * a file renamed over it, as editors and deployment tools do) and by a content poll for file systems
 * without notifications. A burst of changes is read once, after a quiet time ({@link #DEBOUNCE}). A
 * valid file is swapped in atomically; an invalid one is logged with every error and the running
 * configuration keeps serving. Every reload it reports in the log it also reports to {@link ConfigLoads}:
 * a success (with the new file's hash), or a failure (invalid, not applicable, unreadable).
 *
 * <p>Threading: every read, parse and apply runs on the single reload thread, one at a time and in
 * order; the watch thread only schedules. No failure of either thread stops the reloading.
 */
final class ConfigReloader implements AutoCloseable {

    static final Duration DEBOUNCE = Duration.ofMillis(250);
    static final Duration POLL = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);

    private final ConfigFile file;
    private final Path fileName;
    private final Gateway gateway;
    private final ConfigLoads loads;
    private final Duration debounce;
    private final ScheduledExecutorService reloads;
    private final WatchService watcher;
    private final Thread watchThread;
    private final Object schedule = new Object();
    // Guarded by schedule.
    private ScheduledFuture<?> pending;
    private boolean closed;
    // Reload thread only: the text last applied or rejected, so that each version is acted upon once.
    private String lastContent;
    private boolean missingLogged;

    private ConfigReloader(ConfigFile file, String loadedContent, Gateway gateway, ConfigLoads loads,
            Duration debounce) {
        this.file = file;
        this.fileName = file.path().toAbsolutePath().getFileName();
        this.gateway = gateway;
        this.loads = loads;
        this.debounce = debounce;
        this.lastContent = loadedContent;
        this.reloads = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "portico-config-reload");
            thread.setDaemon(true);
            return thread;
        });
        this.watcher = watch(file.path().toAbsolutePath().getParent());
        this.watchThread = new Thread(this::watchLoop, "portico-config-watch");
        this.watchThread.setDaemon(true);
    }

    /**
     * Starts watching {@code file}, whose content {@code loadedContent} the gateway runs now (a change
     * made since it was read is therefore reloaded); each reload is reported to {@code loads}.
     */
    static ConfigReloader start(ConfigFile file, String loadedContent, Gateway gateway, ConfigLoads loads) {
        return start(file, loadedContent, gateway, loads, DEBOUNCE);
    }

    /** As {@link #start(ConfigFile, String, Gateway, ConfigLoads)}, with another quiet time before a change is read. */
    static ConfigReloader start(ConfigFile file, String loadedContent, Gateway gateway, ConfigLoads loads,
            Duration debounce) {
        ConfigReloader reloader = new ConfigReloader(file, loadedContent, gateway, loads, debounce);
        if (reloader.watcher != null) {
            reloader.watchThread.start();
        }
        long pollMillis = POLL.toMillis();
        reloader.reloads.scheduleWithFixedDelay(reloader.guarded(reloader::poll), pollMillis, pollMillis,
                TimeUnit.MILLISECONDS);
        reloader.reloadIfChangedLater();
        return reloader;
    }

    private static WatchService watch(Path directory) {
        WatchService service = null;
        try {
            service = FileSystems.getDefault().newWatchService();
            directory.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
            return service;
        } catch (IOException | RuntimeException e) {
            log.warn("cannot watch {} ({}); configuration changes are found by a poll every {} s",
                    directory, e.toString(), POLL.toSeconds());
            if (service != null) {
                try {
                    service.close();
                } catch (IOException closing) {
                    log.debug("closing the watch service: {}", closing.toString());
                }
            }
            return null;
        }
    }

    /** Reloads the file now, even if its content did not change (SIGHUP). */
    void reloadNow(String reason) {
        submit(() -> {
            String content = readOrLog(reason, true);
            if (content != null) {
                reload(reason, content);
            }
        });
    }

    private void watchLoop() {
        while (true) {
            WatchKey key;
            try {
                key = watcher.take();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            }
            try {
                boolean ours = false;
                for (WatchEvent<?> event : key.pollEvents()) {
                    // OVERFLOW means events were lost: ours may be among them.
                    ours |= event.kind() == StandardWatchEventKinds.OVERFLOW || fileName.equals(event.context());
                }
                if (ours) {
                    reloadIfChangedLater();
                }
            } catch (RuntimeException e) {
                log.warn("configuration watch: {}", e.toString());
            }
            if (!key.reset()) {
                log.warn("{} can no longer be watched; configuration changes are found by a poll every {} s",
                        file.path().toAbsolutePath().getParent(), POLL.toSeconds());
                return;
            }
        }
    }

    /** Debounces: each call restarts the wait, so a burst of writes is read once, complete. */
    private void reloadIfChangedLater() {
        synchronized (schedule) {
            if (closed) {
                return;
            }
            if (pending != null) {
                pending.cancel(false);
            }
            pending = reloads.schedule(guarded(this::reloadIfChanged), debounce.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void poll() {
        String content;
        try {
            content = file.read();
        } catch (IOException e) {
            if (!missingLogged) {
                // Read again after the debounce: a rename under way is not worth a warning.
                reloadIfChangedLater();
            }
            return;
        }
        if (!content.equals(lastContent)) {
            reloadIfChangedLater();
        }
    }

    private void reloadIfChanged() {
        String content = readOrLog("file change", false);
        if (content != null && !content.equals(lastContent)) {
            reload("file change", content);
        }
    }

    private void reload(String reason, String content) {
        lastContent = content;
        PorticoSpec spec;
        try {
            spec = file.parse(content);
        } catch (ConfigException e) {
            loads.reloadFailed();
            log.error("configuration not reloaded ({}); the previous one keeps serving. {}", reason, e.getMessage());
            return;
        }
        try {
            gateway.apply(spec);
        } catch (ConfigException e) {
            loads.reloadFailed();
            log.error("configuration not applied ({}); the previous one keeps serving. {}", reason, e.getMessage());
            return;
        } catch (RuntimeException e) {
            loads.reloadFailed();
            log.error("configuration not applied ({}); the previous one keeps serving", reason, e);
            return;
        }
        loads.reloaded(file.source(), ConfigFile.bytes(content));
        log.info("configuration reloaded ({}): {} routes, {} services, {} upstreams",
                reason, spec.routes().size(), spec.services().size(), spec.upstreams().size());
    }

    /**
     * The file's text, or null: a failed reload, logged and counted once while the file stays unreadable (a
     * rename may be under way), or every time when {@code requested} (SIGHUP).
     */
    private String readOrLog(String reason, boolean requested) {
        try {
            String content = file.read();
            missingLogged = false;
            return content;
        } catch (IOException e) {
            if (requested || !missingLogged) {
                missingLogged = true;
                loads.reloadFailed();
                log.warn("configuration not reloaded ({}); the previous one keeps serving. {}", reason,
                        file.describe(e));
            }
            return null;
        }
    }

    private void submit(Runnable task) {
        try {
            reloads.execute(guarded(task));
        } catch (RejectedExecutionException e) {
            log.debug("configuration reloader closed; reload request ignored");
        }
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again: never let one through.
                log.error("configuration reloader: unexpected failure", e);
            }
        };
    }

    /** Stops watching and polling; a reload under way completes first (bounded). */
    @Override
    public void close() {
        synchronized (schedule) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (watcher != null) {
            try {
                watcher.close();
            } catch (IOException e) {
                log.debug("closing the watch service: {}", e.toString());
            }
        }
        reloads.shutdown();
        try {
            if (!reloads.awaitTermination(10, TimeUnit.SECONDS)) {
                reloads.shutdownNow();
            }
            watchThread.join(TimeUnit.SECONDS.toMillis(1));
        } catch (InterruptedException e) {
            reloads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
