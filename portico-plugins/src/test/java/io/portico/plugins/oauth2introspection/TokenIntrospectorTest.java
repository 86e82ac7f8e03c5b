package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TokenIntrospectorTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    /** Every call the introspector made, answered by the test. */
    private final List<CompletableFuture<Introspection>> calls = new ArrayList<>();
    private final List<String> tokens = new ArrayList<>();
    private final TokenIntrospector introspector = new TokenIntrospector(token -> {
        CompletableFuture<Introspection> call = new CompletableFuture<>();
        synchronized (calls) {
            calls.add(call);
            tokens.add(token);
        }
        return call;
    }, clock, Duration.ofSeconds(60));

    private Introspection activeUntil(Instant expiry) {
        return new Introspection(true, expiry.toEpochMilli(), Long.MIN_VALUE, Set.of(), "alice", null, Map.of());
    }

    @Test
    void callsOnceForConcurrentRequestsWithTheSameToken() {
        CompletableFuture<Introspection> first = introspector.introspect("token-a");
        CompletableFuture<Introspection> second = introspector.introspect("token-a");

        assertThat(calls).hasSize(1);
        assertThat(first).isNotDone();
        Introspection result = activeUntil(START.plusSeconds(600));
        calls.get(0).complete(result);

        assertThat(first).isCompletedWithValue(result);
        assertThat(second).isCompletedWithValue(result);
    }

    @Test
    void servesAnActiveTokenFromTheCacheUntilTheTtl() {
        introspector.introspect("token-a");
        calls.get(0).complete(activeUntil(START.plusSeconds(600)));

        clock.advance(Duration.ofSeconds(59));
        assertThat(introspector.introspect("token-a")).isDone();
        assertThat(calls).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(introspector.introspect("token-a")).isNotDone();
        assertThat(calls).hasSize(2);
    }

    @Test
    void dropsAnActiveTokenFromTheCacheWhenItExpires() {
        introspector.introspect("token-a");
        calls.get(0).complete(activeUntil(START.plusSeconds(2)));

        clock.advance(Duration.ofMillis(1999));
        assertThat(introspector.introspect("token-a")).isDone();
        clock.advance(Duration.ofMillis(1));
        assertThat(introspector.introspect("token-a")).isNotDone();
        assertThat(calls).hasSize(2);
    }

    @Test
    void remembersAnInactiveTokenBriefly() {
        introspector.introspect("bad-token");
        calls.get(0).complete(Introspection.INACTIVE);

        clock.advance(Duration.ofMillis(9999));
        assertThat(introspector.introspect("bad-token")).isCompletedWithValue(Introspection.INACTIVE);
        clock.advance(Duration.ofMillis(1));
        assertThat(introspector.introspect("bad-token")).isNotDone();
        assertThat(calls).hasSize(2);
    }

    @Test
    void keepsInactiveTokensNoLongerThanAShortTtl() {
        TokenIntrospector shortTtl = new TokenIntrospector(token -> CompletableFuture.completedFuture(Introspection.INACTIVE),
                clock, Duration.ofSeconds(3));

        assertThat(shortTtl.cacheMillis(Introspection.INACTIVE, clock.millis())).isEqualTo(3000);
        assertThat(introspector.cacheMillis(Introspection.INACTIVE, clock.millis())).isEqualTo(10_000);
        assertThat(introspector.cacheMillis(activeUntil(START.minusSeconds(1)), clock.millis())).isEqualTo(10_000);
    }

    @Test
    void neverCachesAFailure() {
        CompletableFuture<Introspection> failed = introspector.introspect("token-a");
        calls.get(0).completeExceptionally(new IntrospectionFailure("the introspection endpoint answered 500"));

        assertThat(failed).isCompletedExceptionally();
        CompletableFuture<Introspection> retried = introspector.introspect("token-a");
        assertThat(retried).isNotDone();
        assertThat(calls).hasSize(2);
    }

    @Test
    void keepsDifferentTokensApart() {
        introspector.introspect("token-a");
        introspector.introspect("token-b");

        assertThat(calls).hasSize(2);
        assertThat(tokens).containsExactly("token-a", "token-b");
    }

    @Test
    void keysTheCacheByTheTokensDigestNotTheToken() {
        String key = TokenIntrospector.key("my-secret-token");

        assertThat(key).hasSize(43).doesNotContain("secret");
        assertThat(key).isEqualTo(TokenIntrospector.key("my-secret-token")).isNotEqualTo(TokenIntrospector.key("other"));
    }
}
