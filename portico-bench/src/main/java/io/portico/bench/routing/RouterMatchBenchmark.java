package io.portico.bench.routing;

import io.portico.routing.RouteMatch;
import io.portico.routing.RouteTable;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** One {@link RouteTable#match} over a rotating set of 4096 requests (hits, 404s, 405s). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterMatchBenchmark {

    private static final int REQUESTS = 4096;

    @Param({"10", "1000", "10000"})
    public int routes;

    private RouteTable<String> table;
    private RouteMix.Request[] requests;
    private int next;

    @Setup
    public void setUp() {
        RouteMix mix = new RouteMix(routes);
        table = RouteTable.compile(mix.entries());
        requests = mix.requests(REQUESTS);
    }

    @Benchmark
    public RouteMatch<String> match() {
        RouteMix.Request request = requests[next++ & (REQUESTS - 1)];
        return table.match(request.host(), request.path(), request.method(), request.headers());
    }
}
