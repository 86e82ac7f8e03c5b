package io.portico.bench.upstream;

import io.portico.config.HashOnSpec;
import io.portico.config.HealthChecksSpec;
import io.portico.config.HostPort;
import io.portico.config.TargetSpec;
import io.portico.config.UpstreamSpec;
import io.portico.config.UpstreamSpec.Algorithm;
import io.portico.upstream.AttemptOutcome;
import io.portico.upstream.BalancingContext;
import io.portico.upstream.Target;
import io.portico.upstream.TriedTargets;
import io.portico.upstream.Upstream;
import io.portico.upstream.UpstreamRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code Upstream.select} per algorithm over 3 and 100 healthy targets of mixed weights, with a different
 * client IP on each call (so that consistent-hash hashes real keys).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SelectBenchmark {

    @Param({"round-robin", "least-connections", "consistent-hash", "p2c-ewma"})
    public String algorithm;

    @Param({"3", "100"})
    public int targets;

    private Upstream upstream;
    private BalancingContext[] contexts;
    private int next;

    @Setup
    public void setUp() {
        List<TargetSpec> specs = new ArrayList<>();
        for (int i = 0; i < targets; i++) {
            specs.add(new TargetSpec(new HostPort("127.0." + (i / 250) + "." + (1 + i % 250), 8000 + i),
                    100 * (1 + i % 3), false));
        }
        UpstreamSpec spec = new UpstreamSpec("bench-pool", Algorithm.fromConfigName(algorithm), HashOnSpec.IP,
                specs, HealthChecksSpec.NONE);
        upstream = UpstreamRegistry.create(List.of(spec), null, null).get("bench-pool");
        int i = 0;
        for (Target target : upstream.targets()) {
            target.attemptStarted();
            target.attemptFinished(AttemptOutcome.response(200), 1_000_000L + 10_000L * i++);
        }
        contexts = new BalancingContext[1024];
        for (int c = 0; c < contexts.length; c++) {
            contexts[c] = new IpContext("10.20." + (c / 256) + "." + (c % 256));
        }
    }

    @Benchmark
    public Target select() {
        BalancingContext context = contexts[next++ & (contexts.length - 1)];
        return upstream.select(context, TriedTargets.NONE);
    }

    private record IpContext(String clientIp) implements BalancingContext {

        @Override
        public String header(String lowerCaseName) {
            return null;
        }

        @Override
        public String cookie(String name) {
            return null;
        }

        @Override
        public String path() {
            return "/api/users";
        }

        @Override
        public String consumer() {
            return null;
        }
    }
}
