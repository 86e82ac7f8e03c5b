package io.portico.config;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Every default of the configuration, in one place. docs/configuration.md lists the same values. */
public final class Defaults {

    public static final List<HostPort> PROXY_LISTEN = List.of(new HostPort("0.0.0.0", 8080));
    public static final HostPort ADMIN_LISTEN = new HostPort("127.0.0.1", 9080);

    public static final DataSize MAX_REQUEST_LINE_SIZE = DataSize.ofKilobytes(8);
    public static final DataSize MAX_HEADER_SIZE = DataSize.ofKilobytes(16);
    public static final DataSize MAX_BODY_SIZE = DataSize.ofMegabytes(10);
    public static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);
    /** X-Portico-Latency and X-Portico-Upstream-Latency on every response. */
    public static final boolean LATENCY_HEADERS = true;

    public static final int TARGET_WEIGHT = 100;

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    public static final String HEALTH_CHECK_PATH = "/health";
    public static final Duration HEALTH_CHECK_INTERVAL = Duration.ofSeconds(5);
    public static final Duration HEALTH_CHECK_TIMEOUT = Duration.ofSeconds(1);
    public static final int HEALTHY_AFTER = 2;
    public static final int UNHEALTHY_AFTER = 3;
    public static final int PASSIVE_UNHEALTHY_AFTER = 5;
    public static final Duration EJECT_FOR = Duration.ofSeconds(30);

    public static final int RETRY_BUDGET_PERCENT = 20;
    public static final int MIN_RETRIES_PER_SECOND = 3;

    public static final int CIRCUIT_FAILURE_RATE_PERCENT = 50;
    public static final int CIRCUIT_MINIMUM_CALLS = 20;
    public static final Duration CIRCUIT_WINDOW = Duration.ofSeconds(10);
    public static final Duration CIRCUIT_OPEN_FOR = Duration.ofSeconds(30);
    public static final int CIRCUIT_HALF_OPEN_CALLS = 5;
    public static final int CIRCUIT_FALLBACK_STATUS = 503;

    public static final LimitsSpec LIMITS = new LimitsSpec(
            MAX_REQUEST_LINE_SIZE, MAX_HEADER_SIZE, MAX_BODY_SIZE, HEADER_TIMEOUT, IDLE_TIMEOUT);

    public static final AccessLogSpec ACCESS_LOG = new AccessLogSpec.Stdout();
    public static final int WORKERS = 0;
    public static final UpstreamSpec.Algorithm ALGORITHM = UpstreamSpec.Algorithm.ROUND_ROBIN;
    public static final HashOnSpec HASH_ON = HashOnSpec.IP;
    /** {@code health_checks.passive.on}: connect-failure, timeout, 502, 503, 504. */
    public static final FailureConditions PASSIVE_FAILURES =
            new FailureConditions(true, true, false, false, Set.of(502, 503, 504));
    /** {@code retries.on}: connect-failure, 502, 503, 504. */
    public static final FailureConditions RETRY_ON =
            new FailureConditions(true, false, false, false, Set.of(502, 503, 504));
    /** {@code circuit_breaker.on}: connect-failure, timeout, 5xx. */
    public static final FailureConditions CIRCUIT_BREAKER_ON =
            new FailureConditions(true, true, false, true, Set.of());
    public static final boolean STRIP_PATH = true;
    public static final boolean PRESERVE_HOST = false;
    public static final int ROUTE_PRIORITY = 0;
    public static final int RESPONSE_STATUS = 200;
    public static final Duration AGGREGATE_TIMEOUT = Duration.ofSeconds(5);
    public static final DataSize AGGREGATE_MAX_BODY_SIZE = DataSize.ofMegabytes(1);

    private Defaults() {}
}
