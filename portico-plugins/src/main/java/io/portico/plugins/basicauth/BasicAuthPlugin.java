package io.portico.plugins.basicauth;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Checks the {@code Authorization: Basic} header. A header verified in the last minutes is accepted
 * at once; otherwise the password's PBKDF2 runs on the blocking executor and the chain waits. An
 * unknown username costs the same PBKDF2 (against a decoy hash), so response times do not tell
 * which usernames exist.
 */
final class BasicAuthPlugin implements Plugin {

    private static final String AUTHORIZATION = "Authorization";
    private static final Action.Respond BUSY =
            Action.error(503, "service_unavailable", "too many credential checks in progress; try again later");

    private final Map<String, ConsumerCredential<BasicAuthCredential>> byUsername;
    private final PasswordHash decoy;
    private final VerifiedLogins verified;
    private final Executor blocking;
    private final boolean hideCredentials;
    private final Consumer anonymous;
    private final Action.Respond missing;
    private final Action.Respond invalid;

    BasicAuthPlugin(BasicAuthConfig config, Map<String, ConsumerCredential<BasicAuthCredential>> byUsername,
                    PasswordHash decoy, VerifiedLogins verified, Executor blocking, Consumer anonymous) {
        this.byUsername = Map.copyOf(byUsername);
        this.decoy = decoy;
        this.verified = verified;
        this.blocking = blocking;
        this.hideCredentials = config.hideCredentials();
        this.anonymous = anonymous;
        String challenge = "Basic realm=\"" + config.realm() + "\"";
        this.missing = Action.unauthorized(challenge, "no basic credentials found in request");
        this.invalid = Action.unauthorized(challenge, "invalid authentication credentials");
    }

    @Override
    public Action authenticate(HttpExchange exchange) {
        Headers headers = exchange.requestHeaders();
        List<String> values = headers.getAll(AUTHORIZATION);
        boolean basic = false;
        for (String value : values) {
            basic |= BasicLogin.isBasic(value);
        }
        if (hideCredentials && basic) {
            headers.remove(AUTHORIZATION);
        }
        if (anonymous != null && exchange.authenticated()) {
            return Action.proceed(); // another authentication plugin already identified the caller
        }
        if (!basic) {
            return reject(exchange, missing);
        }
        String authorization = values.get(0);
        BasicLogin login = values.size() == 1 ? BasicLogin.parse(authorization) : null;
        if (login == null || login.password().isEmpty()) {
            return reject(exchange, invalid); // no password to hash: refused at once, for any username
        }
        ConsumerCredential<BasicAuthCredential> owner = byUsername.get(login.username());
        if (owner != null && verified.contains(authorization, owner.credential())) {
            exchange.authenticate(owner.consumer(), owner.credential());
            return Action.proceed();
        }
        PasswordHash hash = owner == null ? decoy : owner.credential().passwordHash();
        CompletableFuture<Boolean> check;
        try {
            check = CompletableFuture.supplyAsync(() -> hash.matches(login.password()), blocking);
        } catch (RejectedExecutionException e) {
            return BUSY;
        }
        return Action.await(check, matches -> decide(exchange, owner, authorization, matches));
    }

    /** Runs on the request's event loop once the hash check has completed. */
    private Action decide(HttpExchange exchange, ConsumerCredential<BasicAuthCredential> owner, String authorization,
                          boolean matches) {
        if (owner == null || !matches) {
            return reject(exchange, invalid);
        }
        verified.add(authorization, owner.credential());
        exchange.authenticate(owner.consumer(), owner.credential());
        return Action.proceed();
    }

    private Action reject(HttpExchange exchange, Action.Respond unauthorized) {
        return Action.refuseOrAnonymous(exchange, anonymous, unauthorized);
    }
}
