package io.portico.plugins.hmacauth;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Headers;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Checks the request's HMAC signature and identifies its consumer. Runs on the event loop: parsing
 * and one HMAC, nothing that blocks. Messages are fixed phrases; none repeats what the client sent.
 */
final class HmacAuthPlugin implements Plugin {

    static final String CHALLENGE = "hmac realm=\"portico\"";
    static final String AUTHORIZATION = "Authorization";

    /** Why a request is not authenticated; closed, so every outcome is handled. */
    sealed interface Verdict permits Accepted, Rejected {}

    record Accepted(ConsumerCredential<HmacCredential> owner) implements Verdict {}

    record Rejected(String message) implements Verdict {}

    static final Rejected NO_SIGNATURE = new Rejected("no hmac signature found in request");
    static final Rejected MALFORMED = new Rejected("malformed hmac authorization header");
    static final Rejected UNSUPPORTED_ALGORITHM = new Rejected("hmac algorithm not allowed");
    static final Rejected DATE_REQUIRED = new Rejected("a valid Date or X-Date header is required");
    static final Rejected DATE_NOT_SIGNED = new Rejected("the signature must cover the Date or X-Date header");
    static final Rejected DATE_SKEWED = new Rejected("the request date is outside the allowed clock skew");
    static final Rejected SIGNED_HEADER_MISSING = new Rejected("a signed header is missing from the request");
    static final Rejected INVALID = new Rejected("invalid authentication credentials");

    private final HmacAuthConfig config;
    private final Map<String, ConsumerCredential<HmacCredential>> byUsername;
    private final Consumer anonymous;
    private final Clock clock;
    private final Rejected notEnforced;

    HmacAuthPlugin(HmacAuthConfig config, Map<String, ConsumerCredential<HmacCredential>> byUsername,
                   Consumer anonymous, Clock clock) {
        this.config = config;
        this.byUsername = Map.copyOf(byUsername);
        this.anonymous = anonymous;
        this.clock = clock;
        this.notEnforced = new Rejected("the signature must cover the headers: "
                + String.join(", ", config.enforceHeaders()));
    }

    @Override
    public Action authenticate(HttpExchange exchange) {
        if (anonymous != null && exchange.authenticated()) {
            return Action.proceed(); // another plugin already identified the caller: either one suffices
        }
        Verdict verdict = verify(exchange);
        if (verdict instanceof Accepted accepted) {
            exchange.authenticate(accepted.owner().consumer(), accepted.owner().credential());
            if (config.hideCredentials()) {
                exchange.requestHeaders().remove(AUTHORIZATION);
            }
            return Action.proceed();
        }
        Action.Respond refusal = Action.unauthorized(CHALLENGE, ((Rejected) verdict).message());
        return Action.refuseOrAnonymous(exchange, anonymous, refusal);
    }

    Verdict verify(HttpExchange exchange) {
        Headers headers = exchange.requestHeaders();
        List<String> authorizations = headers.getAll(AUTHORIZATION);
        if (authorizations.size() != 1) {
            // Several values are ambiguous when one of them is ours; otherwise they are someone else's.
            for (String value : authorizations) {
                if (HmacAuthorization.hasScheme(value)) {
                    return MALFORMED;
                }
            }
            return NO_SIGNATURE;
        }
        if (!HmacAuthorization.hasScheme(authorizations.get(0))) {
            return NO_SIGNATURE;
        }
        HmacAuthorization authorization = HmacAuthorization.parse(authorizations.get(0));
        if (authorization == null) {
            return MALFORMED;
        }
        HmacAlgorithm algorithm = HmacAlgorithm.named(authorization.algorithm());
        if (algorithm == null || !config.algorithms().contains(algorithm)) {
            return UNSUPPORTED_ALGORITHM;
        }
        Rejected dateProblem = checkDate(headers, authorization);
        if (dateProblem != null) {
            return dateProblem;
        }
        for (String required : config.enforceHeaders()) {
            if (!authorization.headers().contains(required)) {
                return notEnforced;
            }
        }
        ConsumerCredential<HmacCredential> owner = byUsername.get(authorization.username());
        if (owner == null) {
            return INVALID;
        }
        String signingString = SigningString.of(exchange, authorization.headers());
        if (signingString == null) {
            return SIGNED_HEADER_MISSING;
        }
        boolean valid = HmacSignature.matches(algorithm, owner.credential().secret(), signingString,
                authorization.signature());
        return valid ? new Accepted(owner) : INVALID;
    }

    /**
     * X-Date wins over Date (browsers cannot set Date). The one used must be signed, or a captured
     * request could be replayed forever with a fresh date.
     */
    private Rejected checkDate(Headers headers, HmacAuthorization authorization) {
        String dateHeader = headers.contains("x-date") ? "x-date" : "date";
        List<String> values = headers.getAll(dateHeader);
        if (values.size() != 1) {
            return DATE_REQUIRED;
        }
        Instant date;
        try {
            date = DateTimeFormatter.RFC_1123_DATE_TIME.parse(values.get(0), Instant::from);
        } catch (DateTimeParseException e) {
            return DATE_REQUIRED;
        }
        if (!authorization.headers().contains(dateHeader)) {
            return DATE_NOT_SIGNED;
        }
        Duration offset = Duration.between(date, clock.instant()).abs();
        return offset.compareTo(config.clockSkew()) > 0 ? DATE_SKEWED : null;
    }
}
