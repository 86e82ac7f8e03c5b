package io.portico.admin;

import io.portico.observability.ConfigLoads;
import io.portico.server.GatewayFixture;
import java.nio.charset.StandardCharsets;

/** Opens the admin listener of a test gateway the way {@code portico start} does. */
final class TestAdmin {

    static final String VERSION = "9.8.7-test";

    private TestAdmin() {}

    /** With a configuration loaded from {@code test.yaml} (the fixture's name for its text). */
    static AdminServer start(GatewayFixture gateway) throws InterruptedException {
        return start(gateway, ConfigLoads.initial("test.yaml", "test".getBytes(StandardCharsets.UTF_8)));
    }

    static AdminServer start(GatewayFixture gateway, ConfigLoads loads) throws InterruptedException {
        loads.registerIn(gateway.gateway().metrics());
        return AdminServer.start(gateway.gateway().snapshot().spec().admin(), gateway.gateway(), loads, VERSION);
    }
}
