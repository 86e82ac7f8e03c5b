package io.portico.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The parts of the admin API that need no gateway: which paths skip the token, and a full worker. */
class AdminApiTest {

    @Test
    void onlyTheHealthEndpointsAreOpenWithoutTheToken() {
        assertThat(AdminApi.isPublic("/health")).isTrue();
        assertThat(AdminApi.isPublic("/health/")).isTrue();
        assertThat(AdminApi.isPublic("/health/live")).isTrue();
        assertThat(AdminApi.isPublic("/health/ready?probe=k8s")).isTrue();

        assertThat(AdminApi.isPublic("/health/other")).isFalse();
        assertThat(AdminApi.isPublic("/health/live/more")).isFalse();
        assertThat(AdminApi.isPublic("/healthz")).isFalse();
        assertThat(AdminApi.isPublic("//health")).isFalse();
        assertThat(AdminApi.isPublic("/%68ealth")).isFalse();
        assertThat(AdminApi.isPublic("/metrics")).isFalse();
        assertThat(AdminApi.isPublic("/status")).isFalse();
        assertThat(AdminApi.isPublic("/routes/health/chain")).isFalse();
        assertThat(AdminApi.isPublic("/health%")).isFalse();
    }

    @Test
    void answersBusyWhenTheWorkerRefusesAScrape() {
        // Nothing reaches the gateway: the worker refuses the task before it runs.
        AdminApi api = new AdminApi(null, null, "test", task -> {
            throw new RejectedExecutionException("queue full");
        });

        AdminResponse metrics = api.handle("GET", "/metrics", "r1").toCompletableFuture().join();
        AdminResponse status = api.handle("GET", "/status", "r2").toCompletableFuture().join();

        assertThat(metrics.status()).isEqualTo(503);
        assertThat(metrics.headers()).containsEntry("Retry-After", "1");
        assertThat(new String(metrics.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":503,"
                + "\"error\":\"service_unavailable\",\"message\":\"the admin API is busy with earlier metrics and "
                + "status requests\",\"request_id\":\"r1\"}\n");
        assertThat(status.status()).isEqualTo(503);
    }
}
