package io.portico.plugins.proxycache;

import io.portico.plugins.redis.RedisScript;
import java.util.List;

/**
 * The Lua scripts of the redis strategy. An entry is a hash: {@code v} its value
 * ({@link CachedResponseFormat}), {@code i} the index sets it is in (msgpack), so that storing it again
 * or purging it takes it out of exactly those. An index set (a route's, a tag's) is a sorted set of entry
 * keys scored by when each expires: storing prunes the expired members, and the set itself expires with
 * its last member. Every count is of entries actually deleted, so members left behind by Redis's own
 * expiry never inflate one.
 *
 * <p>Scripts read the time of Redis ({@code TIME}), not of the node, so that nodes with skewed clocks
 * never prune each other's live members. They touch keys they are not given (the entries of an index),
 * which a single Redis (or a primary with replicas) allows and Redis Cluster does not.
 */
final class RedisCacheScripts {

    /** Takes the entry {@code KEYS[1]} out of the index sets it is in. */
    private static final String UNINDEX = """
            local function unindex(entry)
              local sets = redis.pcall('HGET', entry, 'i')
              if type(sets) == 'string' then
                local ok, list = pcall(cmsgpack.unpack, sets)
                if ok and type(list) == 'table' then
                  for _, set in ipairs(list) do
                    redis.call('ZREM', set, entry)
                  end
                end
              end
            end
            """;

    /**
     * Stores an entry and indexes it, in one step. KEYS[1]: the entry; KEYS[2..]: its index sets (its
     * route's, then its tags'). ARGV[1]: the value; ARGV[2]: how long to keep it (ms, > 0). Returns 1.
     */
    static final RedisScript PUT = RedisScript.of(UNINDEX + """
            if redis.replicate_commands then redis.replicate_commands() end
            local entry, keep = KEYS[1], tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            unindex(entry)
            local sets = {}
            for i = 2, #KEYS do
              sets[i - 1] = KEYS[i]
            end
            redis.call('DEL', entry)
            redis.call('HSET', entry, 'v', ARGV[1], 'i', cmsgpack.pack(sets))
            redis.call('PEXPIRE', entry, keep)
            for _, set in ipairs(sets) do
              redis.call('ZREMRANGEBYSCORE', set, '-inf', now)
              redis.call('ZADD', set, now + keep, entry)
              -- The set outlives its last member (by a second: the entry's own expiry is counted from
              -- a time a few microseconds earlier or later, depending on the Redis version).
              local last = redis.call('ZRANGE', set, -1, -1, 'WITHSCORES')
              redis.call('PEXPIREAT', set, tonumber(last[2]) + 1000)
            end
            return 1
            """);

    /** Deletes one entry and takes it out of its index sets. KEYS[1]: the entry. Returns 1 or 0. */
    static final RedisScript PURGE_KEY = RedisScript.of(UNINDEX + """
            unindex(KEYS[1])
            return redis.call('DEL', KEYS[1])
            """);

    /**
     * Deletes up to ARGV[1] entries of the index set KEYS[1] (and takes them out of their other sets).
     * Returns {entries deleted, members left}: called again while members are left, so that a large
     * purge never holds Redis for long.
     */
    static final RedisScript PURGE_INDEX = RedisScript.of(UNINDEX + """
            local index = KEYS[1]
            local entries = redis.call('ZRANGE', index, 0, tonumber(ARGV[1]) - 1)
            local deleted = 0
            for _, entry in ipairs(entries) do
              unindex(entry)
              deleted = deleted + redis.call('DEL', entry)
              redis.call('ZREM', index, entry)
            end
            return {deleted, redis.call('ZCARD', index)}
            """);

    static final List<RedisScript> ALL = List.of(PUT, PURGE_KEY, PURGE_INDEX);

    private RedisCacheScripts() {}
}
