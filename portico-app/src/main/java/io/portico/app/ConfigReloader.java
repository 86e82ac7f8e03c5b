package io.portico.app;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.PorticoSpec;
import io.portico.server.Gateway;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * Reloads the configuration file when it changes (watched directory, plus a modification-time poll
 * for file systems without notifications) and on SIGHUP. A valid file is swapped in atomically; an
 * invalid one is logged with every error and the running configuration keeps serving.
 */
final class ConfigReloader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConfigReloader.class);
    private static final long DEBOUNCE_MILLIS = 200;
    private static final long POLL_SECONDS = 2;

    private final Path file;
    private final Gateway gateway;
    private final ScheduledExecutorService reloads;
    private final WatchService watcher;
    private final Thread watchThread;
    private volatile FileTime lastSeen;
    private volatile String lastSeenContent;

    private ConfigReloader(Path file, Gateway gateway) throws IOException {
        this.file = file.toAbsolutePath();
        this.gateway = gateway;
        this.reloads = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "portico-config-reload");
            thread.setDaemon(true);
            return thread;
        });
        this.lastSeen = modified();
        this.lastSeenContent = read();
        this.watcher = FileSystems.getDefault().newWatchService();
        this.file.getParent().register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
        this.watchThread = new Thread(this::watch, "portico-config-watch");
        this.watchThread.setDaemon(true);
    }

    static ConfigReloader start(Path file, Gateway gateway) throws IOException {
        ConfigReloader reloader = new ConfigReloader(file, gateway);
        reloader.watchThread.start();
        reloader.reloads.scheduleWithFixedDelay(reloader::pollModificationTime, POLL_SECONDS, POLL_SECONDS, TimeUnit.SECONDS);
        try {
            Signal.handle(new Signal("HUP"), signal -> reloader.reloadNow("SIGHUP"));
        } catch (IllegalArgumentException e) {
            log.debug("SIGHUP is not available on this platform; file watching only");
        }
        return reloader;
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = key.pollEvents().stream()
                        .anyMatch(event -> file.getFileName().equals(event.context()));
                key.reset();
                if (ours) {
                    // Editors write in several steps; wait for the burst to end.
                    reloads.schedule(() -> reloadIfChanged("file change"), DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closing.
        }
    }

    private void pollModificationTime() {
        FileTime now = modified();
        if (now != null && !now.equals(lastSeen)) {
            reloadIfChanged("file change");
        }
    }

    private synchronized void reloadIfChanged(String reason) {
        String content = read();
        lastSeen = modified();
        if (content == null || content.equals(lastSeenContent)) {
            return;
        }
        reload(reason, content);
    }

    void reloadNow(String reason) {
        reloads.execute(() -> {
            synchronized (this) {
                String content = read();
                if (content != null) {
                    reload(reason, content);
                }
            }
        });
    }

    private void reload(String reason, String content) {
        lastSeenContent = content;
        try {
            PorticoSpec spec = ConfigLoader.load(file);
            gateway.apply(spec);
            log.info("configuration reloaded ({}): {} routes, {} services, {} upstreams",
                    reason, spec.routes().size(), spec.services().size(), spec.upstreams().size());
        } catch (ConfigException e) {
            log.error("configuration not reloaded ({}); the previous one keeps serving. {}", reason, e.getMessage());
        } catch (IOException | RuntimeException e) {
            log.error("configuration not reloaded ({}); the previous one keeps serving: {}", reason, e.toString());
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }

    private String read() {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watcher: {}", e.toString());
        }
        reloads.shutdownNow();
    }
}
