package io.portico.plugins.oauth2introspection;

import io.portico.plugin.Action;
import io.portico.plugin.AttributeKey;
import io.portico.plugin.Consumer;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts requests whose bearer token the authorization server calls active. {@link #rewrite} only
 * gets the introspection going and waits for it; {@link #authenticate}, back on the event loop,
 * reads the settled result and changes the exchange (the exchange must not be touched from the
 * thread that completes the call).
 */
final class OAuth2IntrospectionPlugin implements Plugin {

    static final String AUTHORIZATION = "Authorization";
    static final String CHALLENGE = "Bearer realm=\"portico\"";
    static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";
    static final String INVALID_REQUEST = CHALLENGE + ", error=\"invalid_request\"";

    private static final Logger log = LoggerFactory.getLogger(OAuth2IntrospectionPlugin.class);

    /** The call the rewrite phase started for this request's token. */
    private record Pending(String token, CompletableFuture<Introspection> result) {
        @Override
        public String toString() {
            return "Pending[token=<hidden>, result=" + result + "]";
        }
    }

    /** One key per plugin instance: only this instance's pending call is ever read back. */
    private final AttributeKey<Pending> pendingKey = AttributeKey.named("oauth2-introspection.pending");
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
    public Action rewrite(HttpExchange exchange) {
        if (!(BearerToken.of(exchange.requestHeaders()) instanceof BearerToken.Found found)) {
            return Action.proceed();
        }
        CompletableFuture<Introspection> result = introspector.introspect(found.token());
        exchange.setAttribute(pendingKey, new Pending(found.token(), result));
        if (result.isDone()) {
            return Action.proceed();
        }
        // Waits only; whatever the outcome, authenticate decides.
        return Action.await(result.handle((introspection, error) -> Action.proceed()));
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
        CompletableFuture<Introspection> result = settled(exchange, found.token());
        if (result == null) {
            log.warn("oauth2-introspection ({}): the Authorization header changed between the rewrite and "
                    + "authenticate phases on route {}", context.scope(), exchange.routeName());
            return Action.error(500, "plugin_failed", "the bearer token changed while it was being introspected");
        }
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
        for (Map.Entry<String, String> header : introspection.upstreamHeaders().entrySet()) {
            headers.set(header.getKey(), header.getValue());
        }
        if (config.hideCredentials()) {
            headers.remove(AUTHORIZATION);
        }
        return Action.proceed();
    }

    /**
     * The finished call for this token: normally the one rewrite waited for; else a cached result.
     * Null when neither is ready (a later rewrite plugin changed the Authorization header).
     */
    private CompletableFuture<Introspection> settled(HttpExchange exchange, String token) {
        Pending pending = exchange.attribute(pendingKey);
        CompletableFuture<Introspection> result = pending != null && pending.token().equals(token)
                ? pending.result() : introspector.introspect(token);
        return result.isDone() ? result : null;
    }

    private Consumer consumerOf(Introspection introspection) {
        if (config.consumerBy() == null) {
            return null;
        }
        String name = config.consumerBy() == ConsumerBy.USERNAME ? introspection.username() : introspection.clientId();
        return name == null ? null : context.consumer(name);
    }

    private Action reject(HttpExchange exchange, Action.Respond answer) {
        if (anonymous == null) {
            return answer;
        }
        exchange.authenticateAnonymous(anonymous);
        return Action.proceed();
    }
}
