package io.portico.plugins.ratelimiting;

import static org.awaitility.Awaitility.await;

import io.portico.server.GatewayFixture;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Clients on their own threads sending requests to one or more gateways at once, and what they got. */
final class ConcurrentClients {

    /** The statuses received and each request's duration in nanoseconds. */
    record Outcome(List<Integer> statuses, List<Long> nanos) {

        long count(int status) {
            return statuses.stream().filter(s -> s == status).count();
        }

        /** The 99th percentile of the request durations, in milliseconds. */
        double p99Millis() {
            List<Long> sorted = nanos.stream().sorted().toList();
            return sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
        }
    }

    private ConcurrentClients() {}

    /**
     * Waits until at least 15 s are left in the current UTC minute, so that a burst of requests
     * against a per-minute limit falls in one window and the count it allows is exact.
     */
    static void awaitRoomInTheCurrentMinute() {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> LocalTime.now(ZoneOffset.UTC).getSecond() < 45);
    }

    /** {@code clients} threads share {@code requests} GETs of {@code path}, spread over the gateways in turn. */
    static Outcome send(int clients, int requests, String path, List<GatewayFixture> gateways) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Outcome>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                results.add(threads.submit(() -> {
                    start.await();
                    List<Integer> statuses = new ArrayList<>();
                    List<Long> nanos = new ArrayList<>();
                    for (int i = client; i < requests; i += clients) {
                        GatewayFixture gateway = gateways.get(i % gateways.size());
                        HttpRequest request = HttpRequest.newBuilder(gateway.uri(path))
                                .timeout(Duration.ofSeconds(10)).build();
                        long began = System.nanoTime();
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        nanos.add(System.nanoTime() - began);
                        statuses.add(response.statusCode());
                    }
                    return new Outcome(statuses, nanos);
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<Long> nanos = new ArrayList<>();
            for (Future<Outcome> result : results) {
                Outcome outcome = result.get(60, TimeUnit.SECONDS);
                statuses.addAll(outcome.statuses());
                nanos.addAll(outcome.nanos());
            }
            return new Outcome(statuses, nanos);
        } finally {
            threads.shutdownNow();
        }
    }
}
