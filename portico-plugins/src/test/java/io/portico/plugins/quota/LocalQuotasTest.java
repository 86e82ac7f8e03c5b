package io.portico.plugins.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LocalQuotasTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void fiftyConcurrentCallersNeverGetMoreThanTheAllowance() throws Exception {
        LocalQuotas quotas = new LocalQuotas();
        List<Allowance> allowances = List.of(new Allowance(QuotaPeriod.DAY, 1000), new Allowance(QuotaPeriod.MONTH, 5000));
        AtomicInteger allowed = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(50);
        try {
            for (int i = 0; i < 50; i++) {
                callers.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int j = 0; j < 100; j++) {
                        if (quotas.count(new LocalQuotas.Key("routes[orders]", "alice")).decide(allowances, NOW).allowed()) {
                            allowed.incrementAndGet();
                        }
                    }
                });
            }
            start.countDown();
            callers.shutdown();
            assertThat(callers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            callers.shutdownNow();
        }

        assertThat(allowed.get()).isEqualTo(1000);
        assertThat(quotas.existing(new LocalQuotas.Key("routes[orders]", "alice")).peek(allowances, NOW))
                .extracting(PeriodCount::used).containsExactly(1000L, 1000L);
    }

    @Test
    void keepsAtMostItsBoundOfConsumers() {
        LocalQuotas quotas = new LocalQuotas(10);
        for (int i = 0; i < 100; i++) {
            quotas.count(new LocalQuotas.Key("routes[orders]", "consumer-" + i));
        }

        assertThat(quotas.size()).isLessThanOrEqualTo(10);
    }

    @Test
    void countsEachConfiguredPlaceApart() {
        LocalQuotas quotas = new LocalQuotas();

        assertThat(quotas.count(new LocalQuotas.Key("routes[orders]", "alice")))
                .isNotSameAs(quotas.count(new LocalQuotas.Key("routes[invoices]", "alice")))
                .isSameAs(quotas.count(new LocalQuotas.Key("routes[orders]", "alice")));
    }
}
