package io.portico.plugins.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** acl after real authentication plugins, including the anonymous fallback of two of them. */
class AclIT {

    private static final String ALICE_KEY = "k-alice-5d2f8e1a9c4b7d3e6f0a2c5e8b1d4f7a";
    private static final String CAROL_KEY = "k-carol-0e3c6a9f2b5d8e1c4a7f0b3e6d9c2a5f";

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: gold-only
                paths: ["/gold"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - {name: acl, config: {allow: [gold]}}
              - name: discreet
                paths: ["/discreet"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth}
                  - {name: acl, config: {allow: [gold], hide_groups_header: true}}
              - name: either
                paths: ["/either"]
                service: echo
                strip_path: false
                plugins:
                  - {name: key-auth, config: {anonymous: guest}}
                  - {name: basic-auth, config: {anonymous: guest}}
                  - {name: acl, config: {deny: [anonymous]}}
              - name: unauthenticated
                paths: ["/open"]
                service: echo
                strip_path: false
                plugins: [{name: acl, config: {deny: [banned]}}]
            consumers:
              - username: alice
                groups: [gold, staff]
                credentials:
                  key-auth: [{key: "${ALICE_KEY}"}]
              - username: bob
                groups: [staff]
                credentials:
                  basic-auth: [{username: bob, password: "builder"}]
              - username: carol
                groups: [silver]
                credentials:
                  key-auth: [{key: "${CAROL_KEY}"}]
              - username: guest
                groups: [anonymous]
            """;

    @RegisterExtension
    static final PluginGateway gateway =
            new PluginGateway(CONFIG, Map.of("ALICE_KEY", ALICE_KEY, "CAROL_KEY", CAROL_KEY));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void letsAnAllowedGroupThrough() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/gold/x").header("apikey", ALICE_KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
        assertThat(received.header("x-consumer-groups")).isEqualTo("gold, staff");
    }

    @Test
    void forbidsAConsumerOutsideTheAllowedGroupsWithoutCallingTheUpstream() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/gold/x").header("apikey", CAROL_KEY));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("\"error\":\"forbidden\"", "you cannot consume this service");
        assertThat(response.headers().firstValue("www-authenticate")).isEmpty();
        portico.awaitLogged(entry -> entry.status() == 403 && "/gold/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void authenticationFailsBeforeTheAclIsAsked() throws Exception {
        assertThat(portico.get("/gold/x").statusCode()).isEqualTo(401);
    }

    @Test
    void hidesTheGroupsHeaderButNotTheConsumer() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/discreet/x")
                .header("apikey", ALICE_KEY)
                .header("X-Consumer-Groups", "forged"));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headers()).doesNotContainKey("x-consumer-groups");
        assertThat(received.header("x-consumer-username")).isEqualTo("alice");
    }

    @Test
    void acceptsEitherCredentialAndForbidsTheAnonymousFallback() throws Exception {
        HttpResponse<String> byKey = portico.send(portico.request("/either/key").header("apikey", CAROL_KEY));
        HttpResponse<String> byPassword = portico.send(portico.request("/either/basic").header("Authorization", basic("bob:builder")));
        HttpResponse<String> neither = portico.get("/either/none");
        HttpResponse<String> bothWrong = portico.send(portico.request("/either/wrong")
                .header("apikey", "k-wrong-00000000000000000000000000000000")
                .header("Authorization", basic("bob:wrong")));

        assertThat(byKey.statusCode()).isEqualTo(200);
        assertThat(byPassword.statusCode()).isEqualTo(200);
        assertThat(neither.statusCode()).isEqualTo(403);
        assertThat(bothWrong.statusCode()).isEqualTo(403);
        assertThat(neither.body()).contains("you cannot consume this service");
        origin.awaitRequests(2);
        assertThat(origin.requests("/either/key").get(0).header("x-consumer-username")).isEqualTo("carol");
        assertThat(origin.requests("/either/basic").get(0).header("x-consumer-username")).isEqualTo("bob");
        assertThat(origin.requests("/either/basic").get(0).header("x-credential-identifier")).isEqualTo("bob");
        assertThat(origin.requests()).hasSize(2);
    }

    @Test
    void keepsTheFirstSuccessfulAuthenticationWhenBothCredentialsAreSent() throws Exception {
        HttpResponse<String> response = portico.send(portico.request("/either/both")
                .header("apikey", CAROL_KEY)
                .header("Authorization", basic("bob:builder")));

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headerValues("x-consumer-username")).containsExactly("carol"); // key-auth runs first
        assertThat(received.headers()).doesNotContainKey("x-anonymous-consumer");
    }

    @Test
    void forbidsARouteWithoutAuthenticationForLackOfAConsumer() throws Exception {
        HttpResponse<String> response = portico.get("/open/x");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("no consumer identified");
        portico.awaitLogged(entry -> "/open/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }
}
