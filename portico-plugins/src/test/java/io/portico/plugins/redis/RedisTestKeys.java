package io.portico.plugins.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.List;

/**
 * The keys a test wrote to the shared Redis, found by its own prefix (SCAN, never KEYS), so that a test
 * can check them and delete only them: the Redis on these machines is shared and is never flushed.
 */
public final class RedisTestKeys {

    private RedisTestKeys() {}

    /** Every key that starts with {@code prefix}. */
    public static List<String> under(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = new ArrayList<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());
        return keys;
    }

    /** Deletes every key that starts with {@code prefix}, and nothing else. */
    public static void deleteUnder(RedisCommands<String, String> redis, String prefix) {
        List<String> keys = under(redis, prefix);
        if (!keys.isEmpty()) {
            redis.del(keys.toArray(new String[0]));
        }
    }
}
