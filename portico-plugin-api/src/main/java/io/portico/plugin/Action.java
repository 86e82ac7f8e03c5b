package io.portico.plugin;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** What a request phase decided: go on, answer now, or wait for something asynchronous. */
public sealed interface Action permits Action.Proceed, Action.Respond, Action.Await {

    /** Run the next plugin, and finally proxy the request. */
    static Action proceed() {
        return Proceed.INSTANCE;
    }

    /** Answer with a JSON error (DESIGN §4) carrying the request id; the upstream is not called. */
    static Respond error(int status, String error, String message) {
        return new Respond(status, Map.of(), null, error, message);
    }

    /** 401 with a {@code WWW-Authenticate} challenge. */
    static Respond unauthorized(String challenge, String message) {
        return error(401, "unauthorized", message).withHeader("WWW-Authenticate", challenge);
    }

    /**
     * What an authentication plugin does when it found no valid credential (Kong's {@code anonymous}):
     * with an anonymous consumer configured, go on as that consumer (unless another plugin already
     * identified the caller); without one, refuse.
     */
    static Action refuseOrAnonymous(HttpExchange exchange, Consumer anonymous, Respond refusal) {
        if (anonymous == null) {
            return refusal;
        }
        if (!exchange.authenticated()) {
            exchange.authenticateAnonymous(anonymous);
        }
        return proceed();
    }

    /** 403. */
    static Respond forbidden(String message) {
        return error(403, "forbidden", message);
    }

    /** Answer with a body of Portico's own (a CORS preflight, for example). */
    static Respond respond(int status, byte[] body) {
        return new Respond(status, Map.of(), body == null ? new byte[0] : body, null, null);
    }

    /**
     * Wait for asynchronous work that decides by itself; the chain resumes with the stage's action on
     * the request's event loop. A stage that fails is answered with 500 and logged. The stage must not
     * touch the exchange: use {@link #await(CompletionStage, Function)} when the decision needs it.
     */
    static Action await(CompletionStage<? extends Action> next) {
        return new Await(next, null);
    }

    /**
     * Wait for asynchronous work, then decide on the request's event loop: {@code then} receives the
     * stage's result there and may read and change the exchange (authenticate a consumer, set
     * headers). A stage that fails (or a {@code then} that throws) is answered with 500 and logged.
     */
    static <T> Action await(CompletionStage<T> stage, Function<? super T, ? extends Action> then) {
        return new Await(stage, Objects.requireNonNull(then, "then"));
    }

    enum Proceed implements Action {
        INSTANCE
    }

    /**
     * An answer from Portico. With {@code error} set the body is the JSON error document; otherwise
     * it is {@code body}.
     */
    record Respond(int status, Map<String, String> headers, byte[] body, String error, String message)
            implements Action {

        public Respond {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
            }
            headers = Map.copyOf(headers);
        }

        public Respond withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return new Respond(status, more, body, error, message);
        }
    }

    /**
     * @param then runs on the event loop with the stage's result; null when the stage's result is
     *             itself the action
     */
    record Await(CompletionStage<?> stage, Function<?, ? extends Action> then) implements Action {

        public Await {
            Objects.requireNonNull(stage, "stage");
        }

        /** The action once the stage has completed with {@code result}; call on the event loop. */
        @SuppressWarnings("unchecked")
        public Action decide(Object result) {
            if (then == null) {
                return (Action) result;
            }
            return ((Function<Object, ? extends Action>) then).apply(result);
        }
    }
}
