package io.portico.plugins.oauth2introspection;

import io.portico.plugin.BoundedBodies;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls the introspection endpoint (RFC 7662 §2.1): a form POST of the token, authenticated as the
 * configured client, answered with JSON. Asynchronous; every call completes within the timeout.
 */
final class IntrospectionClient implements TokenIntrospector.Endpoint {

    static final int MAX_RESPONSE_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(IntrospectionClient.class);

    private final HttpClient client;
    private final OAuth2IntrospectionConfig config;
    private final String scope;

    /** @param scope where the plugin is configured, for log lines */
    IntrospectionClient(HttpClient client, OAuth2IntrospectionConfig config, String scope) {
        this.client = client;
        this.config = config;
        this.scope = scope;
    }

    @Override
    public CompletableFuture<Introspection> introspect(String token) {
        StringBuilder form = new StringBuilder("token=").append(URLEncoder.encode(token, StandardCharsets.UTF_8));
        if (config.tokenTypeHint() != null) {
            form.append("&token_type_hint=").append(URLEncoder.encode(config.tokenTypeHint(), StandardCharsets.UTF_8));
        }
        HttpRequest request = HttpRequest.newBuilder(config.introspectionUrl())
                .timeout(config.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", config.serverAuthorization())
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
        CompletableFuture<HttpResponse<byte[]>> sent;
        try {
            sent = client.sendAsync(request, BoundedBodies.upTo(MAX_RESPONSE_BYTES));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new IntrospectionFailure("the introspection call could not start", e));
        }
        // The request timeout covers the response head only; this one covers the body as well.
        CompletableFuture<Introspection> result = sent.thenApply(this::read)
                .orTimeout(config.timeout().toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((introspection, error) -> {
            if (error != null) {
                sent.cancel(true);
                log.warn("oauth2-introspection ({}): token introspection at {} failed: {}", scope,
                        config.introspectionUrl(), describe(error));
            }
        });
        return result;
    }

    private Introspection read(HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            throw new IntrospectionFailure("the introspection endpoint answered " + response.statusCode());
        }
        return Introspection.parse(new String(response.body(), StandardCharsets.UTF_8), config.claimsToHeaders());
    }

    /** The reason, for a log line: our own messages, or the exception's type (never the request). */
    private String describe(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof IntrospectionFailure failure) {
            return failure.getMessage();
        }
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer within " + config.timeout().toMillis() + "ms";
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
