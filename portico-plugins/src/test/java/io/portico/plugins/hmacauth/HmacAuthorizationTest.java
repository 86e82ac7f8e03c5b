package io.portico.plugins.hmacauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HmacAuthorizationTest {

    @Test
    void parsesKongsHeader() {
        HmacAuthorization parsed = HmacAuthorization.parse(
                "hmac username=\"alice\", algorithm=\"hmac-sha256\", headers=\"Date request-line Digest\", signature=\"c2lnbg==\"");

        assertThat(parsed).isEqualTo(new HmacAuthorization("alice", "hmac-sha256",
                List.of("date", "request-line", "digest"), "c2lnbg=="));
    }

    @Test
    void acceptsParametersInAnyOrderAndAnyCaseOfTheScheme() {
        String value = "HMAC signature=\"c2lnbg==\",headers=\"x-date\",  algorithm=\"hmac-sha512\" ,username=\"bob\"";

        assertThat(HmacAuthorization.hasScheme(value)).isTrue();
        assertThat(HmacAuthorization.parse(value))
                .isEqualTo(new HmacAuthorization("bob", "hmac-sha512", List.of("x-date"), "c2lnbg=="));
    }

    @Test
    void recognisesOnlyTheHmacScheme() {
        assertThat(HmacAuthorization.hasScheme("Bearer abc")).isFalse();
        assertThat(HmacAuthorization.hasScheme("hmacfoo username=\"a\"")).isFalse();
        assertThat(HmacAuthorization.hasScheme("hmac")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"\"",
        "hmac username=\"\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"  \", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date date\", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"da:te\", signature=\"x\"",
        "hmac username=\"a\", username=\"b\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\", keyId=\"k\"",
        "hmac username=\"a\" algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\"",
        "hmac username=a, algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x",
        "hmac username=\"a\\\"\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\"",
        "hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"date\", signature=\"x\",",
    })
    void rejectsMalformedParameters(String value) {
        assertThat(HmacAuthorization.parse(value)).isNull();
    }

    @Test
    void rejectsMoreSignedHeadersThanAnyClientNeeds() {
        StringBuilder headers = new StringBuilder();
        for (int i = 0; i <= HmacAuthorization.MAX_HEADERS; i++) {
            headers.append("x-h").append(i).append(' ');
        }
        assertThat(HmacAuthorization.parse("hmac username=\"a\", algorithm=\"hmac-sha256\", headers=\"" + headers
                + "\", signature=\"x\"")).isNull();
    }

    @Test
    void hidesTheSignatureInToString() {
        HmacAuthorization parsed = new HmacAuthorization("a", "hmac-sha256", List.of("date"), "c2lnbmF0dXJl");

        assertThat(parsed.toString()).doesNotContain("c2lnbmF0dXJl");
    }
}
