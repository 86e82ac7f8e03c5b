package io.portico.plugins.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DuplicateMembersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"a\":2}",
            "{\"a\":1,\"\\u0061\":2}",
            "{\"o\":{\"x\":[1,{\"y\":1,\"y\":2}]}}",
            "{\"a\":\"\\\"\",\"a\":1}",
            "{\"a\":1",
            "{\"a\":\"unterminated}",
            "{\"a\\q\":1}",
            "]"})
    void findsRepeatedNamesAtAnyDepthOrRefusesBrokenText(String json) {
        assertThat(DuplicateMembers.in(json)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"a\":1,\"b\":{\"a\":1},\"c\":[{\"a\":1},{\"a\":2}]}",
            "{\"a\":\"a\",\"b\":\"a\"}",
            "{\"a\":\"}{,\\\"a\\\":\",\"b\":[\"a\",\"a\"]}",
            "{\"A\":1,\"a\":2}"})
    void acceptsObjectsWithDistinctNames(String json) {
        assertThat(DuplicateMembers.in(json)).isFalse();
    }
}
