package io.portico.upstream;

import io.portico.config.ActiveHealthCheckSpec;
import io.portico.config.FailureConditions;
import io.portico.config.HashOnSpec;
import io.portico.config.HealthChecksSpec;
import io.portico.config.HostPort;
import io.portico.config.PassiveHealthCheckSpec;
import io.portico.config.TargetSpec;
import io.portico.config.UpstreamSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** Specs, contexts and a manual clock for the upstream tests. */
public final class UpstreamFixtures {

    private UpstreamFixtures() {}

    public static TargetSpec target(String hostPort, int weight) {
        return new TargetSpec(HostPort.parse(hostPort), weight, false);
    }

    public static TargetSpec backup(String hostPort) {
        return new TargetSpec(HostPort.parse(hostPort), 100, true);
    }

    public static UpstreamSpec spec(String name, Algorithm algorithm, TargetSpec... targets) {
        return new UpstreamSpec(name, algorithm, HashOnSpec.IP, List.of(targets), HealthChecksSpec.NONE);
    }

    public static UpstreamSpec spec(String name, Algorithm algorithm, HashOnSpec hashOn, HealthChecksSpec checks,
            TargetSpec... targets) {
        return new UpstreamSpec(name, algorithm, hashOn, List.of(targets), checks);
    }

    /** Passive checks: {@code unhealthyAfter} of connect-failure, timeout, 502, 503 eject for {@code ejectFor}. */
    public static HealthChecksSpec passive(int unhealthyAfter, Duration ejectFor) {
        FailureConditions on = new FailureConditions(true, true, false, false, Set.of(502, 503));
        return new HealthChecksSpec(null, new PassiveHealthCheckSpec(unhealthyAfter, on, ejectFor));
    }

    public static HealthChecksSpec active(String path, Duration interval, Duration timeout, int healthyAfter,
            int unhealthyAfter) {
        return new HealthChecksSpec(
                new ActiveHealthCheckSpec(path, interval, timeout, healthyAfter, unhealthyAfter), null);
    }

    public static UpstreamRegistry registry(List<UpstreamSpec> specs, UpstreamRegistry previous,
            Transport transport, LongSupplier ticker) {
        return UpstreamRegistry.create(specs, previous, transport, ticker);
    }

    public static Upstream upstream(UpstreamSpec spec, LongSupplier ticker) {
        return UpstreamRegistry.create(List.of(spec), null, null, ticker).get(spec.name());
    }

    public static Upstream upstream(UpstreamSpec spec) {
        return upstream(spec, new ManualTicker());
    }

    public static Context ip(String clientIp) {
        return new Context(clientIp, Map.of(), Map.of(), "/", null);
    }

    /** A request as a balancer sees it. */
    public record Context(String clientIp, Map<String, String> headers, Map<String, String> cookies, String path,
            String consumer) implements BalancingContext {

        @Override
        public String header(String lowerCaseName) {
            return headers.get(lowerCaseName);
        }

        @Override
        public String cookie(String name) {
            return cookies.get(name);
        }
    }

    /** A clock that moves only when told to. */
    public static final class ManualTicker implements LongSupplier {

        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long getAsLong() {
            return nanos.get();
        }

        public void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }
}
