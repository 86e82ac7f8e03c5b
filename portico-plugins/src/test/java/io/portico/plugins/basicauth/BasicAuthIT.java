package io.portico.plugins.basicauth;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.plugins.PluginGateway;
import io.portico.server.GatewayFixture;
import io.portico.testing.RecordedRequest;
import io.portico.testing.TestOrigin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** basic-auth in a real gateway: the PBKDF2 check runs off the event loop and the request resumes. */
class BasicAuthIT {

    private static final String CONFIG = """
            version: 1
            proxy: {listen: ["127.0.0.1:0"]}
            services:
              - {name: echo, url: "http://${ORIGIN}"}
            routes:
              - name: protected
                paths: ["/protected"]
                service: echo
                strip_path: false
                plugins: [{name: basic-auth}]
              - name: hidden
                paths: ["/hidden"]
                service: echo
                strip_path: false
                plugins: [{name: basic-auth, config: {hide_credentials: true, realm: "Staff area"}}]
            consumers:
              - username: alice
                groups: [staff]
                credentials:
                  basic-auth: [{username: alice, password: "wonderland"}]
              - username: robot
                credentials:
                  basic-auth: [{username: ci-bot, password_hash: "${ROBOT_HASH}"}]
            """;

    private static final String ROBOT_HASH = PasswordHash.of("beep-boop-42", 1_000, new SecureRandom()).encoded();

    @RegisterExtension
    static final PluginGateway gateway = new PluginGateway(CONFIG, Map.of("ROBOT_HASH", ROBOT_HASH));

    private final GatewayFixture portico = gateway.portico();
    private final TestOrigin origin = gateway.origin();

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String userPass) throws Exception {
        return portico.send(portico.request(path).header("Authorization", basic(userPass)));
    }

    @Test
    void answers401WithABasicChallengeWithoutCredentials() throws Exception {
        HttpResponse<String> response = portico.get("/protected/x");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"portico\"");
        assertThat(response.body()).contains("\"error\":\"unauthorized\"", "no basic credentials found in request");
        portico.awaitLogged(entry -> "/protected/x".equals(entry.path()));
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void forwardsARequestWithAPlainConfiguredPassword() throws Exception {
        HttpResponse<String> response = get("/protected/plain", "alice:wonderland");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headerValues("x-consumer-username")).containsExactly("alice");
        assertThat(received.headerValues("x-consumer-groups")).containsExactly("staff");
        assertThat(received.headerValues("x-credential-identifier")).containsExactly("alice");
        assertThat(received.header("authorization")).isEqualTo(basic("alice:wonderland"));
    }

    @Test
    void forwardsARequestWithAHashedConfiguredPassword() throws Exception {
        HttpResponse<String> response = get("/protected/hashed", "ci-bot:beep-boop-42");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.header("x-consumer-username")).isEqualTo("robot");
        assertThat(received.header("x-credential-identifier")).isEqualTo("ci-bot");
    }

    @Test
    void rejectsAWrongPasswordAndAnUnknownUser() throws Exception {
        HttpResponse<String> wrong = get("/protected/x", "alice:looking-glass");
        HttpResponse<String> unknown = get("/protected/x", "mallory:wonderland");

        for (HttpResponse<String> response : List.of(wrong, unknown)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("www-authenticate")).hasValue("Basic realm=\"portico\"");
            assertThat(response.body()).contains("invalid authentication credentials")
                    .doesNotContain("looking-glass", "mallory");
        }
        assertThat(origin.requests()).isEmpty();
    }

    @Test
    void removesTheAuthorizationHeaderWhenHidingCredentials() throws Exception {
        HttpResponse<String> response = get("/hidden/x", "ci-bot:beep-boop-42");

        assertThat(response.statusCode()).isEqualTo(200);
        RecordedRequest received = origin.awaitRequests(1).get(0);
        assertThat(received.headers()).doesNotContainKey("authorization");
        assertThat(received.header("x-consumer-username")).isEqualTo("robot");
        assertThat(portico.get("/hidden/x").headers().firstValue("www-authenticate"))
                .hasValue("Basic realm=\"Staff area\"");
    }

    @Test
    void servesManyConcurrentLoginsThatWaitForTheirChecks() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String userPass = i % 3 == 2 ? "ci-bot:wrong-" + i : "ci-bot:beep-boop-42";
            responses.add(portico.client().sendAsync(portico.request("/protected/c" + i)
                    .header("Authorization", basic(userPass)).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (int i = 0; i < responses.size(); i++) {
            assertThat(responses.get(i).get().statusCode()).as("request %d", i).isEqualTo(i % 3 == 2 ? 401 : 200);
        }
        assertThat(origin.awaitRequests(16)).hasSize(16)
                .allSatisfy(received -> assertThat(received.header("x-consumer-username")).isEqualTo("robot"));
    }
}
