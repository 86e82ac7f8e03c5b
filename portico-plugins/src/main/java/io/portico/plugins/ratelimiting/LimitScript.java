package io.portico.plugins.ratelimiting;

import io.portico.plugins.redis.RedisScript;

/**
 * The one Redis script per decision: it reads every limit's counts, and only when all of them allow
 * the request does it count it in all of them. Nothing runs between the read and the write (Redis runs
 * a script atomically), so nodes sharing Redis never let more through than the limit together.
 *
 * <p>KEYS: two per limit, this window's and the previous window's (a token bucket uses the first).
 * ARGV: now in milliseconds, the algorithm, then per limit: count, window in ms, capacity. Reply:
 * 1 or 0 (allowed), then per limit two strings: this window's count and the previous one's as they
 * were before the request (a token bucket: its tokens after refilling, and "0").
 */
final class LimitScript {

    static final RedisScript INSTANCE = RedisScript.of("""
            local now = tonumber(ARGV[1])
            local mode = ARGV[2]
            local n = #KEYS / 2
            local reply = {1}
            local tokens = {}
            local stamps = {}
            for i = 1, n do
              local count = tonumber(ARGV[3 * i])
              local window = tonumber(ARGV[3 * i + 1])
              local capacity = tonumber(ARGV[3 * i + 2])
              if mode == 'token-bucket' then
                local state = redis.call('HMGET', KEYS[2 * i - 1], 't', 'at')
                local t = tonumber(state[1])
                local at = tonumber(state[2])
                if t == nil or at == nil then
                  t = capacity
                  at = now
                end
                if now > at then
                  t = math.min(capacity, t + (now - at) * count / window)
                end
                tokens[i] = t
                stamps[i] = math.max(now, at)
                if t < 1 then reply[1] = 0 end
                reply[2 * i] = tostring(t)
                reply[2 * i + 1] = '0'
              else
                local current = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
                local previous = 0
                local used = current
                if mode == 'sliding-window' then
                  previous = tonumber(redis.call('GET', KEYS[2 * i]) or '0')
                  if previous > 0 then
                    used = current + math.ceil(previous * (window - now % window) / window)
                  end
                end
                if used + 1 > count then reply[1] = 0 end
                reply[2 * i] = tostring(current)
                reply[2 * i + 1] = tostring(previous)
              end
            end
            if reply[1] == 1 then
              for i = 1, n do
                local count = tonumber(ARGV[3 * i])
                local window = tonumber(ARGV[3 * i + 1])
                local capacity = tonumber(ARGV[3 * i + 2])
                if mode == 'token-bucket' then
                  redis.call('HSET', KEYS[2 * i - 1], 't', tostring(tokens[i] - 1), 'at', tostring(stamps[i]))
                  redis.call('PEXPIRE', KEYS[2 * i - 1], math.ceil(capacity * window / count) + 1000)
                elseif redis.call('INCR', KEYS[2 * i - 1]) == 1 then
                  redis.call('PEXPIRE', KEYS[2 * i - 1], 2 * window + 1000)
                end
              end
            end
            return reply
            """);

    private LimitScript() {}
}
