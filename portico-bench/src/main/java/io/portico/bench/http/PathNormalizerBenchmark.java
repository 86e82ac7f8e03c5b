package io.portico.bench.http;

import io.portico.http.InvalidPathException;
import io.portico.http.NormalizedTarget;
import io.portico.http.PathNormalizer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Normalizes a path that is already clean (the common case) and one that needs every rule. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PathNormalizerBenchmark {
    // Fields rather than constants, so the JIT cannot fold the input.
    private String clean = "/api/v1/customers/12345/orders/67890/line-items";
    private String messy = "/api//v1/./customers/%7ejohn/../12345/orders%2dopen/%c3%a9t%c3%a9/";

    @Benchmark
    public NormalizedTarget cleanPath() throws InvalidPathException {
        return PathNormalizer.normalize(clean);
    }

    @Benchmark
    public NormalizedTarget pathNeedingWork() throws InvalidPathException {
        return PathNormalizer.normalize(messy);
    }
}
