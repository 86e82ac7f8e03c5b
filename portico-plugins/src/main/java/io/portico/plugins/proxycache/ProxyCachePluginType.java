package io.portico.plugins.proxycache;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.HttpTokens;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugins.redis.RedisOptions;
import io.portico.plugins.redis.RedisStores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code proxy-cache}: Kong's keys ({@code strategy}, {@code response_code}, {@code request_method},
 * {@code content_type}, {@code vary_headers}, {@code vary_query_params}, {@code cache_ttl},
 * {@code cache_control}, {@code storage_ttl}) plus {@code stale_if_error}, {@code max_entry_size},
 * {@code collapse_timeout}, {@code share_across_consumers}, {@code memory.max_size} and {@code redis}
 * ({@code url}, {@code prefix}, {@code timeout}). The memory stores and the flights live here, so that cached entries and collapsing
 * outlive reloads: memory stores one per configured place, flights one per memory store or per Redis and
 * prefix. As in Kong, the block of the strategy not chosen is read (and must be valid) but unused.
 */
public final class ProxyCachePluginType implements PluginType<ProxyCacheConfig> {

    static final long DEFAULT_MEMORY_BYTES = 64L * 1024 * 1024;
    static final long DEFAULT_MAX_ENTRY_BYTES = 1024 * 1024;
    /**
     * A Redis value is read whole within {@code redis.timeout} on a connection that other lookups share:
     * entries stay far below Redis's own 512MB limit.
     */
    static final long REDIS_MAX_ENTRY_BYTES = 16L * 1024 * 1024;
    /** Larger than rate-limiting's 50ms: a lookup brings a whole response back. */
    static final Duration DEFAULT_REDIS_TIMEOUT = Duration.ofMillis(100);
    static final String STATUS_RULE = "a status 100-599";

    /** The shared state of one configured place (its scope) and memory bound. */
    private record Space(MemoryCacheStore store, Flights flights) {}

    private final Map<String, Space> spaces = new ConcurrentHashMap<>();
    /** Request collapsing stays per node: one set of flights per Redis URL and prefix (one key space). */
    private final Map<String, Flights> redisFlights = new ConcurrentHashMap<>();
    private final RedisStores redisStores = RedisStores.forBinaryValues("proxy-cache", RedisCacheScripts.ALL);

    public ProxyCachePluginType() {}

    @Override
    public String name() {
        return "proxy-cache";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS, Phase.RESPONSE_HEADERS, Phase.LOG);
    }

    @Override
    public int priority() {
        // After authentication and every access plugin (acl 950, rate limits 900-910): a hit is still
        // counted, limited and refused like any request. Kong's proxy-cache runs at 100 as well.
        return 100;
    }

    @Override
    public ProxyCacheConfig readConfig(ConfigReader config) {
        boolean redisStrategy = config.oneOf("strategy", "memory", List.of("memory", "redis")).equals("redis");
        Set<Integer> responseCodes = responseCodes(config);
        List<String> methods = config.strings("request_method", List.of("GET", "HEAD"));
        Set<String> requestMethods = new LinkedHashSet<>();
        for (int i = 0; i < methods.size(); i++) {
            if (HttpTokens.isToken(methods.get(i))) {
                requestMethods.add(methods.get(i).toUpperCase(Locale.ROOT));
            } else {
                config.expectedItem("request_method", i, "a method such as GET");
            }
        }
        List<String> contentTypes = lowerCase(config.strings("content_type", List.of("text/plain", "application/json")));
        List<String> varyHeaders = lowerCase(config.strings("vary_headers", List.of()));
        for (int i = 0; i < varyHeaders.size(); i++) {
            if (!HttpTokens.isToken(varyHeaders.get(i))) {
                config.expectedItem("vary_headers", i, "a header name");
            }
        }
        List<String> varyQueryParams = config.strings("vary_query_params", List.of());
        Duration cacheTtl = config.duration("cache_ttl", Duration.ofSeconds(300));
        boolean cacheControl = config.bool("cache_control", true);
        boolean shareAcrossConsumers = config.bool("share_across_consumers", false);
        Duration storageTtl = config.duration("storage_ttl", null);
        Duration staleIfError = config.duration("stale_if_error", null);
        long maxEntryBytes = config.bytes("max_entry_size", DEFAULT_MAX_ENTRY_BYTES);
        if (maxEntryBytes > Integer.MAX_VALUE - 8) {
            config.expected("max_entry_size", "at most 2GB");
        }
        Duration collapseTimeout = config.duration("collapse_timeout", Duration.ofSeconds(10));
        long memoryBytes = config.section("memory").bytes("max_size", DEFAULT_MEMORY_BYTES);
        RedisOptions redis = RedisOptions.read(config.section("redis"), DEFAULT_REDIS_TIMEOUT);
        if (redisStrategy && maxEntryBytes > REDIS_MAX_ENTRY_BYTES) {
            config.expected("max_entry_size", "at most 16MB with strategy: redis");
        } else if (!redisStrategy && maxEntryBytes > memoryBytes) {
            config.expected("max_entry_size", "at most memory.max_size");
        }
        return new ProxyCacheConfig(responseCodes, requestMethods, contentTypes, varyHeaders, varyQueryParams,
                cacheTtl, cacheControl, storageTtl, staleIfError == null ? Duration.ZERO : staleIfError,
                (int) Math.min(maxEntryBytes, Integer.MAX_VALUE - 8), collapseTimeout, memoryBytes,
                redisStrategy ? redis : null, shareAcrossConsumers);
    }

    private static Set<Integer> responseCodes(ConfigReader config) {
        Object value = config.value("response_code");
        if (value == null) {
            return Set.of(200, 301, 404);
        }
        if (!(value instanceof List<?> items) || items.isEmpty()) {
            config.expected("response_code", "a list of statuses 100-599");
            return Set.of();
        }
        Set<Integer> codes = new LinkedHashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Integer code && code >= 100 && code <= 599) {
                codes.add(code);
            } else {
                Object item = items.get(i);
                String shown = item instanceof String text ? "\"" + text + "\"" : String.valueOf(item);
                config.problem("response_code[" + i + "]", shown + " (expected: " + STATUS_RULE + ")");
            }
        }
        return codes;
    }

    private static List<String> lowerCase(List<String> values) {
        List<String> out = new ArrayList<>(values.size());
        for (String value : values) {
            out.add(value.trim().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    @Override
    public Plugin create(ProxyCacheConfig config, PluginContext context) {
        if (config.redis() != null) {
            RedisOptions options = config.redis().orCluster(context.clusterRedis(), "strategy: redis");
            RedisCacheStore store = new RedisCacheStore(redisStores.forUrl(options.url()), options, context.clock());
            Flights flights = redisFlights.computeIfAbsent(options.url() + "|" + options.prefix(), ignored -> new Flights());
            return new ProxyCachePlugin(config, store, flights, context.clock(), CacheRequestCounters.family(context.metrics()));
        }
        Space space = spaces.computeIfAbsent(context.scope() + "|" + config.memoryMaxBytes(),
                ignored -> new Space(new MemoryCacheStore(config.memoryMaxBytes(), context.clock()), new Flights()));
        return new ProxyCachePlugin(config, space.store(), space.flights(), context.clock(),
                CacheRequestCounters.family(context.metrics()));
    }
}
