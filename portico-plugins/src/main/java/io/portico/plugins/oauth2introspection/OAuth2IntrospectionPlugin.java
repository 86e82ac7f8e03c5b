package io.portico.plugins.oauth2introspection;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts requests whose bearer token the authorization server calls active. A token not in the
 * cache is introspected asynchronously; the decision is then made back on the request's event loop.
 */
final class OAuth2IntrospectionPlugin implements Plugin {

    static final String AUTHORIZATION = "Authorization";
    static final String CHALLENGE = "Bearer realm=\"portico\"";
    static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";
    static final String INVALID_REQUEST = CHALLENGE + ", error=\"invalid_request\"";

    private final OAuth2IntrospectionConfig config;
    private final TokenIntrospector introspector;
    private final Consumer anonymous;
    private final PluginContext context;
    private final Action.Respond insufficientScope;

    OAuth2IntrospectionPlugin(OAuth2IntrospectionConfig config, TokenIntrospector introspector, Consumer anonymous,
                              PluginContext context) {
        this.config = config;
        this.introspector = introspector;
        this.anonymous = anonymous;
        this.context = context;
        this.insufficientScope = Action.error(403, "insufficient_scope", "the token lacks a required scope")
                .withHeader("WWW-Authenticate", CHALLENGE + ", error=\"insufficient_scope\", scope=\""
                        + String.join(" ", config.scopesRequired()) + "\"");
    }

    @Override
    public Action authenticate(HttpExchange exchange) {
        Headers headers = exchange.requestHeaders();
        for (String header : config.claimsToHeaders().values()) {
            headers.remove(header); // a client's copy must never pass for the server's answer
        }
        if (anonymous != null && exchange.authenticated()) {
            return Action.proceed(); // another plugin already identified the caller: either one suffices
        }
        BearerToken bearer = BearerToken.of(headers);
        if (bearer == BearerToken.Absent.MISSING) {
            return reject(exchange, Action.unauthorized(CHALLENGE, "no bearer token found in request"));
        }
        if (!(bearer instanceof BearerToken.Found found)) {
            return reject(exchange, Action.unauthorized(INVALID_REQUEST, "malformed bearer token"));
        }
        CompletableFuture<Introspection> result = introspector.introspect(found.token());
        if (result.isDone()) {
            return decide(exchange, result);
        }
        // The stage always completes normally with the settled call, so that a failed call is a 503, not a 500.
        return Action.await(result.handle((introspection, error) -> result), settled -> decide(exchange, settled));
    }

    /** Runs on the event loop with a completed introspection call. */
    private Action decide(HttpExchange exchange, CompletableFuture<Introspection> result) {
        if (result.isCompletedExceptionally()) {
            return Action.error(503, "introspection_unavailable", "the authorization server could not check the token");
        }
        Introspection introspection = result.join();
        if (!introspection.activeAt(context.clock().millis())) {
            return reject(exchange, Action.unauthorized(INVALID_TOKEN, "invalid or expired token"));
        }
        if (!introspection.scopes().containsAll(config.scopesRequired())) {
            return insufficientScope;
        }
        Consumer consumer = consumerOf(introspection);
        if (consumer != null) {
            exchange.authenticate(consumer, new TokenCredential(introspection.credentialIdentifier()));
        } else if (config.requireConsumer()) {
            return reject(exchange, Action.unauthorized(INVALID_TOKEN, "the token does not belong to a known consumer"));
        }
        Headers headers = exchange.requestHeaders();
        for (Map.Entry<String, String> header : introspection.upstreamHeaders().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        if (config.hideCredentials()) {
            headers.remove(AUTHORIZATION);
        }
        return Action.proceed();
    }

    private Consumer consumerOf(Introspection introspection) {
        if (config.consumerBy() == null) {
            return null;
        }
        String name = config.consumerBy() == ConsumerBy.USERNAME ? introspection.username() : introspection.clientId();
        return name == null ? null : context.consumer(name);
    }

    private Action reject(HttpExchange exchange, Action.Respond answer) {
        return Action.refuseOrAnonymous(exchange, anonymous, answer);
    }
}
