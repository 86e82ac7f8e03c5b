package io.portico.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.WriteBufferWaterMark;
import io.portico.chain.ChainCompiler;
import io.portico.chain.PluginServices;
import io.portico.config.AccessLogSpec;
import io.portico.config.ConfigException;
import io.portico.config.HostPort;
import io.portico.config.PorticoSpec;
import io.portico.observability.AccessLog;
import io.portico.observability.AsyncAccessLog;
import io.portico.observability.ConnectionCounts;
import io.portico.observability.GatewayMetrics;
import io.portico.observability.MetricRegistry;
import io.portico.plugin.PluginRegistry;
import io.portico.proxy.GatewaySnapshot;
import io.portico.proxy.ProxyRuntime;
import io.portico.proxy.SnapshotCompiler;
import io.portico.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Portico: event loops, proxy listeners and the current configuration snapshot.
 * {@link #apply} swaps in a new configuration atomically (in-flight requests finish on the one they
 * started with); {@link #shutdown} stops accepting, lets in-flight requests finish (bounded), then
 * stops.
 */
public final class Gateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gateway.class);
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(32 * 1024, 64 * 1024);
    /** How long counting connections waits for a busy event loop before counting its connections as active. */
    private static final Duration CONNECTION_COUNT_WAIT = Duration.ofSeconds(1);

    private final Transport transport;
    private final ProxyRuntime runtime;
    private final SnapshotCompiler compiler;
    private final ConnectionTracker connections = new ConnectionTracker();
    private final List<Channel> listeners = new ArrayList<>();
    private final AccessLog accessLog;
    private final PluginServices pluginServices;
    private final PluginRegistry plugins;
    private final Instant startedAt = Instant.now();
    private boolean stopped;

    private Gateway(Transport transport, AccessLog accessLog, SnapshotCompiler compiler, PluginServices pluginServices,
                    PluginRegistry plugins, GatewaySnapshot initial) {
        this.transport = transport;
        this.accessLog = accessLog;
        this.compiler = compiler;
        this.pluginServices = pluginServices;
        this.plugins = plugins;
        this.runtime = new ProxyRuntime(transport, accessLog, initial);
        GatewayMetrics.register(pluginServices.metrics(), this::connections, connections::accepted,
                () -> runtime.snapshot().upstreams(), () -> runtime.snapshot().circuitBreakers());
    }

    /** Starts with the access log the configuration asks for. */
    public static Gateway start(PorticoSpec spec, PluginRegistry plugins) throws ConfigException, InterruptedException {
        return start(spec, plugins, openAccessLog(spec.proxy().accessLog()));
    }

    /**
     * Starts with the given access log (tests and embedding); the gateway closes it on shutdown.
     *
     * @param plugins the plugin types the spec was validated with
     */
    public static Gateway start(PorticoSpec spec, PluginRegistry plugins, AccessLog accessLog)
            throws ConfigException, InterruptedException {
        Transport transport = Transport.create(spec.proxy().workers(), "portico-io");
        PluginServices pluginServices = PluginServices.create(new MetricRegistry());
        SnapshotCompiler compiler = new SnapshotCompiler(transport, new ChainCompiler(plugins, pluginServices));
        GatewaySnapshot snapshot;
        try {
            snapshot = compiler.compile(spec, null);
        } catch (ConfigException | RuntimeException e) {
            transport.shutdown(Duration.ofSeconds(2));
            pluginServices.close();
            accessLog.close();
            throw e;
        }
        Gateway gateway = new Gateway(transport, accessLog, compiler, pluginServices, plugins, snapshot);
        try {
            gateway.bind(spec.proxy().listen());
        } catch (InterruptedException | RuntimeException e) {
            gateway.shutdown(Duration.ZERO);
            throw e;
        }
        snapshot.upstreams().startHealthChecks();
        log.info("Portico listening on {} ({} transport, {} event loops)",
                gateway.listenAddresses(), transport.name(), spec.proxy().workers() == 0
                        ? Runtime.getRuntime().availableProcessors() : spec.proxy().workers());
        return gateway;
    }

    private static AccessLog openAccessLog(AccessLogSpec spec) {
        if (spec instanceof AccessLogSpec.Off) {
            return AccessLog.OFF;
        }
        if (spec instanceof AccessLogSpec.File file) {
            try {
                return AsyncAccessLog.toFile(file.path());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open access log " + file.path(), e);
            }
        }
        return AsyncAccessLog.toStdout();
    }

    private void bind(List<HostPort> addresses) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(transport.group())
                .channel(transport.serverChannelClass())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ClientChannelInitializer(runtime, connections));
        for (HostPort address : addresses) {
            ChannelFuture bound = bootstrap.bind(address.host(), address.port()).await();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                String message = "cannot listen on " + address + ": " + cause.getMessage();
                throw cause instanceof IOException io ? new UncheckedIOException(message, io)
                        : new IllegalStateException(message, cause);
            }
            listeners.add(bound.channel());
        }
    }

    /**
     * Validates nothing (the caller has a validated spec) but compiles and swaps atomically; on
     * failure the running configuration stays. Listener addresses, workers and the access log
     * destination take effect only after a restart.
     */
    public synchronized GatewaySnapshot apply(PorticoSpec spec) throws ConfigException {
        GatewaySnapshot current = runtime.snapshot();
        GatewaySnapshot next = compiler.compile(spec, current);
        if (!spec.proxy().listen().equals(current.spec().proxy().listen())
                || spec.proxy().workers() != current.spec().proxy().workers()
                || !spec.proxy().accessLog().equals(current.spec().proxy().accessLog())) {
            log.warn("proxy.listen, proxy.workers and proxy.access_log changes take effect after a restart");
        }
        next.upstreams().startHealthChecks();
        GatewaySnapshot previous = runtime.swap(next);
        previous.upstreams().close();
        return next;
    }

    public GatewaySnapshot snapshot() {
        return runtime.snapshot();
    }

    /** The bound listener addresses (with real ports when the configuration said port 0). */
    public List<InetSocketAddress> listenAddresses() {
        List<InetSocketAddress> addresses = new ArrayList<>(listeners.size());
        for (Channel listener : listeners) {
            addresses.add((InetSocketAddress) listener.localAddress());
        }
        return addresses;
    }

    /** The port of the first listener. */
    public int port() {
        return listenAddresses().get(0).getPort();
    }

    public int openConnections() {
        return connections.size();
    }

    /**
     * Open client connections by state, counted on each connection's event loop: call it off the
     * gateway's event loops (it waits up to a second for a busy one, whose connections then count as
     * active).
     */
    public ConnectionCounts connections() {
        return connections.count(CONNECTION_COUNT_WAIT);
    }

    /** Client connections accepted since the gateway started. */
    public long connectionsAccepted() {
        return connections.accepted();
    }

    /** When the gateway started (its first configuration compiled, just before its listeners opened). */
    public Instant startedAt() {
        return startedAt;
    }

    /** Request heads received since the gateway started. */
    public long requestsReceived() {
        return runtime.requestsReceived();
    }

    /** False once shutdown began: the gateway no longer takes new work. */
    public boolean isAcceptingTraffic() {
        return !runtime.isDraining();
    }

    /** The process's metrics (core and plugins), as {@code GET /metrics} serves them. */
    public MetricRegistry metrics() {
        return pluginServices.metrics();
    }

    /**
     * Stops accepting, closes idle connections, waits up to {@code drainTimeout} for in-flight
     * requests to finish, then closes what is left and stops the event loops.
     */
    public synchronized void shutdown(Duration drainTimeout) {
        if (stopped) {
            return;
        }
        stopped = true;
        runtime.startDraining();
        for (Channel listener : listeners) {
            listener.close().awaitUninterruptibly();
        }
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        connections.closeIdle();
        while (connections.size() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            connections.closeIdle();
        }
        if (connections.size() > 0) {
            log.warn("{} connections still busy after {}; closing them", connections.size(), drainTimeout);
            connections.closeAll();
        }
        runtime.snapshot().upstreams().close();
        transport.shutdown(Duration.ofSeconds(5));
        // Plugin types flush what they keep (log files, export queues) while the services they may use still run.
        try {
            plugins.close();
        } catch (RuntimeException e) {
            log.warn("closing plugins: {}", e.toString());
        }
        pluginServices.close();
        accessLog.close();
    }

    @Override
    public void close() {
        shutdown(runtime.snapshot().spec().proxy().drainTimeout());
    }
}
