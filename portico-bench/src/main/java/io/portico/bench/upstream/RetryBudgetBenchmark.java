package io.portico.bench.upstream;

import io.portico.config.FailureConditions;
import io.portico.config.RetrySpec;
import io.portico.upstream.RetryBudget;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The per-request cost of the retry budget, and the cost of asking it for a retry. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RetryBudgetBenchmark {

    private RetryBudget budget;

    @Setup
    public void setUp() {
        budget = RetryBudget.create(new RetrySpec(2, new FailureConditions(true, false, false, false, Set.of(502)),
                20, 3));
    }

    @Benchmark
    public void recordRequest() {
        budget.recordRequest();
    }

    @Benchmark
    public boolean tryAcquireRetry() {
        return budget.tryAcquireRetry();
    }
}
