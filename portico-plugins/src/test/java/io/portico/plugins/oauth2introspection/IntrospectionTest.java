package io.portico.plugins.oauth2introspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IntrospectionTest {

    @Test
    void readsAnActiveToken() {
        Introspection introspection = Introspection.parse("""
                {"active": true, "client_id": "mobile-app", "username": "alice", "scope": "orders:read  profile",
                 "exp": 1800000000, "nbf": 1700000000, "sub": "u-1"}""", Map.of());

        assertThat(introspection.active()).isTrue();
        assertThat(introspection.clientId()).isEqualTo("mobile-app");
        assertThat(introspection.username()).isEqualTo("alice");
        assertThat(introspection.scopes()).containsExactly("orders:read", "profile");
        assertThat(introspection.expiresAtMillis()).isEqualTo(1_800_000_000_000L);
        assertThat(introspection.notBeforeMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(introspection.credentialIdentifier()).isEqualTo("mobile-app");
    }

    @Test
    void treatsAMissingExpiryAsNoExpiry() {
        Introspection introspection = Introspection.parse("{\"active\":true}", Map.of());

        assertThat(introspection.expiresAtMillis()).isEqualTo(Long.MAX_VALUE);
        assertThat(introspection.activeAt(Long.MAX_VALUE - 1)).isTrue();
        assertThat(introspection.credentialIdentifier()).isEqualTo("oauth2");
    }

    @Test
    void isActiveOnlyBetweenNotBeforeAndExpiry() {
        Introspection introspection = Introspection.parse("{\"active\":true,\"nbf\":100,\"exp\":200.5}", Map.of());

        assertThat(introspection.activeAt(99_999)).isFalse();
        assertThat(introspection.activeAt(100_000)).isTrue();
        assertThat(introspection.activeAt(200_499)).isTrue();
        assertThat(introspection.activeAt(200_500)).isFalse();
    }

    @Test
    void keepsNothingOfAnInactiveToken() {
        Introspection introspection = Introspection.parse("{\"active\":false,\"username\":\"alice\"}", Map.of());

        assertThat(introspection).isSameAs(Introspection.INACTIVE);
        assertThat(introspection.activeAt(0)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{\"active\":\"true\"}", "{}", "{\"active\":true,\"exp\":\"soon\"}",
        "{\"active\":true,\"scope\":[\"a\"]}", "not json"})
    void failsOnAnythingButAnIntrospectionResponse(String json) {
        assertThatThrownBy(() -> Introspection.parse(json, Map.of())).isInstanceOf(IntrospectionFailure.class);
    }

    @Test
    void rendersClaimsForUpstreamHeaders() {
        Introspection introspection = Introspection.parse("""
                {"active": true, "sub": "u-1", "aud": ["orders", "billing"], "iat": 1700000000, "ratio": 0.5,
                 "admin": false, "address": {"city": "x"}, "bad": "line\\nbreak", "none": null, "name": "Zoë"}""",
                Map.of("sub", "X-Sub", "aud", "X-Aud", "iat", "X-Iat", "ratio", "X-Ratio", "admin", "X-Admin",
                        "address", "X-Address", "bad", "X-Bad", "none", "X-None", "name", "X-Name", "absent", "X-Absent"));

        assertThat(introspection.upstreamHeaders()).isEqualTo(Map.of("X-Sub", "u-1", "X-Aud", "orders, billing",
                "X-Iat", "1700000000", "X-Ratio", "0.5", "X-Admin", "false"));
    }

    @Test
    void rendersNestedListsAsNothing() {
        assertThat(Introspection.headerValue(List.of("a", List.of("b")))).isNull();
        assertThat(Introspection.headerValue(List.of())).isNull();
        assertThat(Introspection.headerValue("x".repeat(Introspection.MAX_HEADER_VALUE_LENGTH + 1))).isNull();
    }

    @Test
    void sendsAClientIdThatCannotBeAHeaderAsOauth2() {
        Introspection introspection = Introspection.parse("{\"active\":true,\"client_id\":\"a\\r\\nb\"}", Map.of());

        assertThat(introspection.credentialIdentifier()).isEqualTo("oauth2");
    }
}
