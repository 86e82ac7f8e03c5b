package io.portico.plugins.quota;

import io.portico.plugins.redis.RedisScript;

/**
 * The one Redis script per decision: it reads every period's count, and only when all of them are
 * under their allowance does it count the request in all of them. Redis runs a script atomically, so
 * gateways sharing Redis never let more through than the allowance together, and a refused request
 * is never counted. A period's key expires when the period ends.
 *
 * <p>KEYS: one per period. ARGV: "1" to count (a decision) or "0" to only read (a usage report),
 * then per period: the allowance and the period's end in Unix seconds. Reply: 1 or 0 (allowed; 1
 * when only reading), then per period its count after the decision.
 */
final class QuotaScript {

    static final RedisScript INSTANCE = RedisScript.of("""
            local counting = ARGV[1] == '1'
            local reply = {1}
            for i = 1, #KEYS do
              local used = tonumber(redis.call('GET', KEYS[i]) or '0')
              reply[i + 1] = used
              if counting and used >= tonumber(ARGV[2 * i]) then reply[1] = 0 end
            end
            if counting and reply[1] == 1 then
              for i = 1, #KEYS do
                local used = redis.call('INCR', KEYS[i])
                if used == 1 then
                  redis.call('EXPIREAT', KEYS[i], ARGV[2 * i + 1])
                end
                reply[i + 1] = used
              end
            end
            return reply
            """);

    private QuotaScript() {}
}
