package io.portico.plugins.proxycache;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugin.testing.ConfigProbe;
import io.portico.plugin.testing.TestHeaders;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 9111, rule by rule, as this cache applies it. */
class CachePolicyTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final String NOW_DATE = "Tue, 14 Nov 2023 22:13:20 GMT"; // NOW as an IMF-fixdate

    private final CachePolicy policy = policy(Map.of());

    private static CachePolicy policy(Map<String, ?> config) {
        ConfigProbe<ProxyCacheConfig> probe = ConfigProbe.read(new ProxyCachePluginType(), config);
        assertThat(probe.problems()).isEmpty();
        return new CachePolicy(probe.config());
    }

    private static TestHeaders json(String... more) {
        TestHeaders headers = TestHeaders.of(more);
        headers.set("content-type", "application/json; charset=utf-8");
        return headers;
    }

    private CachePolicy.RequestMode mode(String method, String... headers) {
        TestHeaders request = TestHeaders.of(headers);
        return policy.requestMode(method, policy.requestDirectives(request), request);
    }

    @Test
    void onlyConfiguredMethodsUseTheCache() {
        assertThat(mode("GET")).isEqualTo(CachePolicy.RequestMode.LOOKUP);
        assertThat(mode("HEAD")).isEqualTo(CachePolicy.RequestMode.LOOKUP);
        assertThat(mode("POST")).isEqualTo(CachePolicy.RequestMode.BYPASS);
    }

    @Test
    void requestNoStoreBypassesTheCache() {
        assertThat(mode("GET", "cache-control", "no-store")).isEqualTo(CachePolicy.RequestMode.BYPASS);
    }

    @Test
    void requestNoCacheMaxAgeZeroAndPragmaRefresh() {
        assertThat(mode("GET", "cache-control", "no-cache")).isEqualTo(CachePolicy.RequestMode.REFRESH);
        assertThat(mode("GET", "cache-control", "max-age=0")).isEqualTo(CachePolicy.RequestMode.REFRESH);
        assertThat(mode("GET", "pragma", "no-cache")).isEqualTo(CachePolicy.RequestMode.REFRESH);
        // §5.4: Pragma is ignored when Cache-Control is present.
        assertThat(mode("GET", "pragma", "no-cache", "cache-control", "max-age=60")).isEqualTo(CachePolicy.RequestMode.LOOKUP);
    }

    @Test
    void withoutCacheControlTheDirectivesAreIgnored() {
        CachePolicy kong = policy(Map.of("cache_control", false));
        TestHeaders request = TestHeaders.of("cache-control", "no-store");
        assertThat(kong.requestMode("GET", kong.requestDirectives(request), request)).isEqualTo(CachePolicy.RequestMode.LOOKUP);
        assertThat(kong.storable(200, json("cache-control", "no-store, private"), NOW).freshMillis()).isEqualTo(300_000);
    }

    @Test
    void storesOnlyConfiguredStatusesAndContentTypes() {
        assertThat(policy.storable(200, json(), NOW)).isNotNull();
        assertThat(policy.storable(404, json(), NOW)).isNotNull();
        assertThat(policy.storable(500, json(), NOW)).isNull();
        assertThat(policy.storable(200, TestHeaders.of("content-type", "text/html"), NOW)).isNull();
        assertThat(policy.storable(200, TestHeaders.of(), NOW)).isNull();
        assertThat(policy(Map.of("content_type", "*")).storable(200, TestHeaders.of(), NOW)).isNotNull();
    }

    @Test
    void responseNoStorePrivateAndNoCacheAreNotStored() {
        assertThat(policy.storable(200, json("cache-control", "no-store"), NOW)).isNull();
        assertThat(policy.storable(200, json("cache-control", "private, max-age=60"), NOW)).isNull();
        assertThat(policy.storable(200, json("cache-control", "no-cache"), NOW)).isNull();
    }

    @Test
    void sMaxAgeBeatsMaxAgeWhichBeatsExpires() {
        assertThat(policy.storable(200, json("cache-control", "max-age=60, s-maxage=120",
                "expires", "Tue, 14 Nov 2023 23:13:20 GMT"), NOW).freshMillis()).isEqualTo(120_000);
        assertThat(policy.storable(200, json("cache-control", "max-age=60",
                "expires", "Tue, 14 Nov 2023 23:13:20 GMT"), NOW).freshMillis()).isEqualTo(60_000);
    }

    @Test
    void expiresCountsFromTheResponsesDate() {
        CachePolicy.Storable storable = policy.storable(200, json("date", NOW_DATE,
                "expires", "Tue, 14 Nov 2023 22:14:20 GMT"), NOW + 5_000);
        assertThat(storable.freshMillis()).isEqualTo(60_000);
    }

    @Test
    void anInvalidOrPastExpiresIsNotStored() {
        assertThat(policy.storable(200, json("expires", "0"), NOW)).isNull();
        assertThat(policy.storable(200, json("date", NOW_DATE, "expires", "Tue, 14 Nov 2023 22:00:00 GMT"), NOW)).isNull();
    }

    @Test
    void aMalformedMaxAgeIsNotStored() {
        assertThat(policy.storable(200, json("cache-control", "max-age=ten"), NOW)).isNull();
    }

    @Test
    void withoutFreshnessInformationTheConfiguredTtlApplies() {
        assertThat(policy.storable(200, json(), NOW).freshMillis()).isEqualTo(300_000);
        assertThat(policy(Map.of("cache_ttl", "5s")).storable(200, json(), NOW).freshMillis()).isEqualTo(5_000);
    }

    @Test
    void anUpstreamAgeCountsAgainstFreshness() {
        CachePolicy.Storable storable = policy.storable(200, json("cache-control", "max-age=60", "age", "20"), NOW);
        assertThat(storable.initialAgeSeconds()).isEqualTo(20);
        assertThat(policy.storable(200, json("cache-control", "max-age=60", "age", "60"), NOW)).isNull();
    }

    @Test
    void varyStarAndSetCookieAreNeverStored() {
        assertThat(policy.storable(200, json("vary", "*"), NOW)).isNull();
        assertThat(policy.storable(200, json("set-cookie", "session=1"), NOW)).isNull();
    }

    @Test
    void staleIfErrorComesFromTheResponseOrTheConfiguration() {
        assertThat(policy.storable(200, json("cache-control", "max-age=1, stale-if-error=30"), NOW).staleIfErrorMillis())
                .isEqualTo(30_000);
        assertThat(policy.storable(200, json(), NOW).staleIfErrorMillis()).isZero();
        assertThat(policy(Map.of("stale_if_error", "1m")).storable(200, json(), NOW).staleIfErrorMillis())
                .isEqualTo(60_000);
    }

    @Test
    void varyNamesAreListedOnceInLowerCase() {
        assertThat(CachePolicy.varyNames(TestHeaders.of("vary", "Accept-Encoding, Accept", "vary", "accept")))
                .containsExactly("accept-encoding", "accept");
    }
}
