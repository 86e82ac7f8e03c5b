package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpstreamUrisTest {

    @Test
    void stripsTheMatchedPrefixAndAddsTheServicePath() {
        assertThat(UpstreamUris.of("/api", "/users/7", 6, true, null)).isEqualTo("/api/7");
        assertThat(UpstreamUris.of("/api", "/users", 6, true, null)).isEqualTo("/api");
        assertThat(UpstreamUris.of("/api", "/users/", 6, true, null)).isEqualTo("/api/");
        assertThat(UpstreamUris.of("", "/users", 6, true, null)).isEqualTo("/");
        assertThat(UpstreamUris.of("", "/users/7", 6, true, "a=1")).isEqualTo("/7?a=1");
    }

    @Test
    void keepsThePathWithoutStripPath() {
        assertThat(UpstreamUris.of("/api", "/users/7", 6, false, null)).isEqualTo("/api/users/7");
        assertThat(UpstreamUris.of("", "/users/7", 6, false, "x=%20")).isEqualTo("/users/7?x=%20");
    }

    @Test
    void keepsASlashBetweenPrefixAndARestWithoutOne() {
        // A regex route can consume part of a segment.
        assertThat(UpstreamUris.of("/api", "/u123/x", 2, true, null)).isEqualTo("/api/123/x");
        assertThat(UpstreamUris.of("", "/u123", 2, true, null)).isEqualTo("/123");
    }
}
