package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.portico.plugin.CachePurge;
import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStore;
import io.portico.plugins.redis.RedisStores;
import io.portico.plugins.redis.RedisTestKeys;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The redis strategy's store against the shared Redis on localhost:6379. Every key goes under a prefix of
 * this run's own, deleted afterwards; nothing else is touched.
 */
class RedisCacheStoreIT {

    private static final String PREFIX = "portico-test:" + UUID.randomUUID() + ":";
    private static final Clock CLOCK = Clock.systemUTC();

    private static RedisCacheStore store;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private static RedisCommands<String, String> redis;

    @BeforeAll
    static void connect() {
        // Paranoid leak detection slows every reply down: a generous timeout keeps these tests about data.
        RedisOptions options = new RedisOptions("redis://127.0.0.1:6379", PREFIX, Duration.ofSeconds(1));
        store = new RedisCacheStore(RedisStores.forBinaryValues("proxy-cache-test", RedisCacheScripts.ALL)
                .forUrl(options.url()), options, CLOCK);
        client = RedisClient.create("redis://127.0.0.1:6379");
        connection = client.connect();
        redis = connection.sync();
    }

    @AfterAll
    static void deleteTheKeys() {
        RedisTestKeys.deleteUnder(redis, PREFIX);
        connection.close();
        client.shutdown();
    }

    private static List<String> keys() {
        return RedisTestKeys.under(redis, PREFIX);
    }

    private static CachedResponse entry(String key, String route, long keepMillis, String... tags) {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        long now = CLOCK.millis();
        return new CachedResponse(key, route, 200, Map.of("content-type", "application/octet-stream"), body, now, 0,
                keepMillis, 0, now + keepMillis, List.of("accept"), List.of("*/*"), Set.of(tags));
    }

    /** Stores and waits until Redis has it: a store is fire and forget. */
    private static CachedResponse stored(CachedResponse entry) {
        store.put(entry);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(10)).until(() -> lookUp(entry.key()) != null);
        return entry;
    }

    private static CachedResponse lookUp(String key) {
        return store.get(key).toCompletableFuture().join();
    }

    private static long purge(CachePurge.Target.By by, String value) {
        return store.purge(new CachePurge.Target(by, value)).toCompletableFuture().join();
    }

    private static String unique(String name) {
        return name + "-" + UUID.randomUUID();
    }

    @Test
    void roundTripsAnEntryWithABinaryBody() {
        CachedResponse entry = stored(entry(unique("k"), "r", 60_000, "a", "b"));

        assertThat(lookUp(entry.key())).usingRecursiveComparison().isEqualTo(entry);
        assertThat(lookUp(unique("absent"))).isNull();
    }

    @Test
    void keepsAnEntryForItsKeepTimeAndItsIndexesAtLeastAsLong() {
        String route = unique("route");
        String tag = unique("tag");
        CachedResponse shortLived = stored(entry(unique("k"), route, 5_000, tag));
        CachedResponse longLived = stored(entry(unique("k"), route, 60_000, tag));

        long routeTtl = redis.pttl(PREFIX + "cache:route:" + route);
        long tagTtl = redis.pttl(PREFIX + "cache:tag:" + tag);
        long entryTtl = redis.pttl(PREFIX + "cache:" + longLived.key()); // read last: it can only be lower
        assertThat(entryTtl).isBetween(50_000L, 60_000L);
        assertThat(redis.pttl(PREFIX + "cache:" + shortLived.key())).isBetween(1L, 5_000L);
        assertThat(routeTtl).isGreaterThanOrEqualTo(entryTtl).isLessThanOrEqualTo(61_000L);
        assertThat(tagTtl).isGreaterThanOrEqualTo(entryTtl).isLessThanOrEqualTo(61_000L);
    }

    @Test
    void purgesByKeyRouteAndTagCountingWhatItDeleted() {
        String routeOne = unique("route");
        String routeTwo = unique("route");
        String red = unique("red");
        String blue = unique("blue");
        CachedResponse a = stored(entry(unique("a"), routeOne, 60_000, red, blue));
        CachedResponse b = stored(entry(unique("b"), routeOne, 60_000, blue));
        CachedResponse c = stored(entry(unique("c"), routeTwo, 60_000, red));

        assertThat(purge(CachePurge.Target.By.TAG, blue)).isEqualTo(2);
        assertThat(lookUp(a.key())).isNull();
        assertThat(lookUp(b.key())).isNull();
        assertThat(lookUp(c.key())).isNotNull();
        // The purged entries left every index they were in.
        assertThat(redis.exists(PREFIX + "cache:route:" + routeOne, PREFIX + "cache:tag:" + blue)).isZero();
        assertThat(redis.zrange(PREFIX + "cache:tag:" + red, 0, -1)).containsExactly(PREFIX + "cache:" + c.key());
        assertThat(purge(CachePurge.Target.By.ROUTE, routeOne)).isZero();

        assertThat(purge(CachePurge.Target.By.KEY, c.key())).isEqualTo(1);
        assertThat(purge(CachePurge.Target.By.KEY, c.key())).isZero();
        assertThat(redis.exists(PREFIX + "cache:route:" + routeTwo, PREFIX + "cache:tag:" + red)).isZero();

        CachedResponse d = stored(entry(unique("d"), routeTwo, 60_000));
        assertThat(purge(CachePurge.Target.By.ROUTE, routeTwo)).isEqualTo(1);
        assertThat(lookUp(d.key())).isNull();
    }

    @Test
    void purgesAnIndexLargerThanOneBatch() {
        String route = unique("route");
        int count = RedisCacheStore.PURGE_BATCH * 2 + 7;
        for (int i = 0; i < count; i++) {
            store.put(entry(unique("many"), route, 60_000));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> redis.zcard(PREFIX + "cache:route:" + route) == count);

        assertThat(purge(CachePurge.Target.By.ROUTE, route)).isEqualTo(count);
        assertThat(redis.exists(PREFIX + "cache:route:" + route)).isZero();
    }

    @Test
    void membersWhoseEntriesExpiredAreNotCounted() {
        String route = unique("route");
        String tag = unique("tag");
        CachedResponse gone = stored(entry(unique("gone"), route, 300, tag));
        CachedResponse kept = stored(entry(unique("kept"), route, 60_000, tag));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(PREFIX + "cache:" + gone.key()) == 0);

        assertThat(redis.zcard(PREFIX + "cache:route:" + route)).as("still a member").isEqualTo(2);
        assertThat(purge(CachePurge.Target.By.TAG, tag)).isEqualTo(1);
        assertThat(lookUp(kept.key())).isNull();
        assertThat(purge(CachePurge.Target.By.ROUTE, route)).isZero();
        assertThat(redis.exists(PREFIX + "cache:route:" + route)).isZero();
    }

    @Test
    void storingPrunesExpiredMembersOfAnIndex() {
        String route = unique("route");
        CachedResponse gone = stored(entry(unique("gone"), route, 300));
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.exists(PREFIX + "cache:" + gone.key()) == 0);

        CachedResponse next = stored(entry(unique("next"), route, 60_000));

        assertThat(redis.zrange(PREFIX + "cache:route:" + route, 0, -1)).containsExactly(PREFIX + "cache:" + next.key());
    }

    @Test
    void anEntryStoredAgainLeavesTheTagsItNoLongerHas() {
        String key = unique("k");
        String before = unique("before");
        String after = unique("after");
        stored(entry(key, "r", 60_000, before));
        store.put(entry(key, "r", 60_000, after));
        await().atMost(Duration.ofSeconds(5)).until(() -> lookUp(key).tags().contains(after));

        assertThat(purge(CachePurge.Target.By.TAG, before)).isZero();
        assertThat(lookUp(key)).isNotNull();
        assertThat(purge(CachePurge.Target.By.TAG, after)).isEqualTo(1);
    }

    @Test
    void aCorruptValueIsAMissAndTheNextStoreRepairsIt() {
        CachedResponse entry = stored(entry(unique("k"), "r", 60_000));
        String redisKey = PREFIX + "cache:" + entry.key();

        redis.hset(redisKey, "v", "not an entry");
        assertThat(lookUp(entry.key())).isNull();
        redis.del(redisKey);
        redis.set(redisKey, "not even a hash");
        assertThat(lookUp(entry.key())).isNull();

        stored(entry);
        assertThat(lookUp(entry.key())).usingRecursiveComparison().isEqualTo(entry);
    }

    @Test
    void commandsRedisRefusesAreMissesLoggedOnceAndDoNotOpenTheBreaker() {
        CachedResponse healthy = stored(entry(unique("healthy"), "r", 60_000));
        // A store of its own, whose logs say nothing yet.
        RedisOptions options = new RedisOptions("redis://127.0.0.1:6379", PREFIX, Duration.ofSeconds(1));
        RedisCacheStore fresh = new RedisCacheStore(RedisStores.forBinaryValues("proxy-cache-test", RedisCacheScripts.ALL)
                .forUrl(options.url()), options, CLOCK);
        String wrongType = unique("wrong-type");
        redis.set(PREFIX + "cache:" + wrongType, "a string, not a hash");
        Logger logger = (Logger) LoggerFactory.getLogger(RedisStore.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            for (int i = 0; i < 2 * 3; i++) { // twice the failures that open the breaker
                assertThat(fresh.get(wrongType).toCompletableFuture().join()).isNull();
            }
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(fresh.get(healthy.key()).toCompletableFuture().join()).as("Redis is still asked").isNotNull();
        assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("refused a command")).singleElement().asString()
                .contains("WRONGTYPE");
    }

    @Test
    void anUnreachableRedisIsAMissPromptlyAndAPurgeThatFails() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RedisOptions options = new RedisOptions("redis://127.0.0.1:" + closedPort, PREFIX, Duration.ofMillis(100));
        RedisCacheStore unreachable = new RedisCacheStore(RedisStores.forBinaryValues("proxy-cache-test", RedisCacheScripts.ALL)
                .forUrl(options.url()), options, CLOCK);

        for (int i = 0; i < 5; i++) {
            CompletableFuture<CachedResponse> lookup = unreachable.get("k").toCompletableFuture();
            assertThat(lookup).succeedsWithin(Duration.ofSeconds(2)).isNull();
            unreachable.put(entry("k", "r", 60_000));
        }
        CompletableFuture<Long> purge = unreachable.purge(new CachePurge.Target(CachePurge.Target.By.TAG, "t"))
                .toCompletableFuture();
        assertThat(purge).failsWithin(10, TimeUnit.SECONDS);
    }
}
