package io.portico.bench.routing;

import io.portico.routing.RouteTable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** {@link RouteTable#compile} of 10,000 routes (the specs are built once, outside the measurement). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RouterCompileBenchmark {

    private List<RouteTable.Entry<String>> entries;

    @Setup
    public void setUp() {
        entries = new RouteMix(10_000).entries();
    }

    @Benchmark
    public RouteTable<String> compile() {
        return RouteTable.compile(entries);
    }
}
