package io.portico.testing;

import io.portico.plugin.Action;
import io.portico.plugin.AttemptResult;
import io.portico.plugin.BodyObserver;
import io.portico.plugin.Completed;
import io.portico.plugin.ConfigReader;
import io.portico.plugin.Consumer;
import io.portico.plugin.ConsumerCredential;
import io.portico.plugin.Credential;
import io.portico.plugin.CredentialType;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginRegistry;
import io.portico.plugin.PluginType;
import io.portico.plugin.ResponseHead;
import io.portico.plugin.RouteInfo;
import io.portico.plugin.UpstreamAttempt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Small but real plugin types for the core's tests of chains: they record the order they ran in,
 * identify consumers by a header (optionally after an asynchronous delay), deny, throw, limit bodies
 * and rewrite response bodies.
 */
public final class TestPluginTypes {

    private TestPluginTypes() {}

    /** Every type below, plus {@code trace} and {@code trace-early} variants for ordering tests. */
    public static PluginRegistry registry(Queue<String> logged) {
        return PluginRegistry.of(
                new TraceType("trace", Set.of(Phase.REWRITE, Phase.ACCESS, Phase.UPSTREAM_REQUEST, Phase.RESPONSE_HEADERS,
                        Phase.LOG), 100, logged),
                new TraceType("trace-late", Set.of(Phase.ACCESS, Phase.RESPONSE_HEADERS), 10, logged),
                new TraceType("trace-early", Set.of(Phase.ACCESS, Phase.RESPONSE_HEADERS), 1000, logged),
                new HeaderAuthType(), new DenyType(), new ExplodeType(), new UpperBodyType(), new LimitBodyType(),
                new StripQueryType(), new TriesType(logged), new ObserveBodyType(logged),
                new RecoverType());
    }

    public static PluginRegistry registry() {
        return registry(new ConcurrentLinkedQueue<>());
    }

    /**
     * Appends {@code label:phase} to the request header {@code x-trace} (request phases) or the response
     * header {@code x-trace} (response phase); records {@code label:status} in the log phase.
     */
    record TraceType(String name, Set<Phase> phases, int priority, Queue<String> logged) implements PluginType<String> {

        @Override
        public String readConfig(ConfigReader config) {
            return config.string("label", name);
        }

        @Override
        public Plugin create(String label, PluginContext context) {
            return new Plugin() {
                @Override
                public Action rewrite(HttpExchange exchange) {
                    return mark(exchange, "rewrite");
                }

                @Override
                public Action access(HttpExchange exchange) {
                    return mark(exchange, "access");
                }

                @Override
                public Action upstreamRequest(HttpExchange exchange) {
                    return mark(exchange, "upstream_request");
                }

                @Override
                public void responseHeaders(HttpExchange exchange, ResponseHead response) {
                    response.headers().add("x-trace", label + ":" + (response.local() ? "local" : "proxied"));
                }

                @Override
                public void log(HttpExchange exchange, Completed completed) {
                    logged.add(label + ":" + completed.status());
                }

                private Action mark(HttpExchange exchange, String phase) {
                    exchange.requestHeaders().add("x-trace", label + ":" + phase);
                    return Action.proceed();
                }
            };
        }
    }

    /** A consumer's token for {@code header-auth}. */
    public record TokenCredential(String token, String identifier) implements Credential {

        @Override
        public String toString() {
            return "TokenCredential[" + identifier + "]";
        }
    }

    record HeaderAuthConfig(String anonymous, Duration delay) {}

    /** Identifies the consumer by {@code x-token}; with {@code delay}, decides asynchronously after it. */
    static final class HeaderAuthType implements PluginType<HeaderAuthConfig> {

        @Override
        public String name() {
            return "header-auth";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.AUTHENTICATE);
        }

        @Override
        public int priority() {
            return 1000;
        }

        @Override
        public HeaderAuthConfig readConfig(ConfigReader config) {
            return new HeaderAuthConfig(config.consumer("anonymous"), config.duration("delay", null));
        }

        @Override
        public CredentialType<?> credentialType() {
            return new CredentialType<TokenCredential>() {
                @Override
                public Class<TokenCredential> type() {
                    return TokenCredential.class;
                }

                @Override
                public TokenCredential read(ConfigReader credential, String consumer, int index) {
                    return new TokenCredential(credential.requiredString("token", "a token"), consumer + "-token-" + (index + 1));
                }

                @Override
                public String lookupKey(TokenCredential credential) {
                    return credential.token();
                }
            };
        }

        @Override
        public Plugin create(HeaderAuthConfig config, PluginContext context) {
            Map<String, ConsumerCredential<TokenCredential>> byToken = new HashMap<>();
            for (ConsumerCredential<TokenCredential> entry : context.credentials(TokenCredential.class)) {
                byToken.put(entry.credential().token(), entry);
            }
            Consumer anonymous = config.anonymous() == null ? null : context.consumer(config.anonymous());
            return new Plugin() {
                @Override
                public Action authenticate(HttpExchange exchange) {
                    ConsumerCredential<TokenCredential> found = byToken.get(String.valueOf(exchange.requestHeaders().get("x-token")));
                    if (config.delay() == null) {
                        return decide(exchange, found);
                    }
                    CompletableFuture<Action> later = new CompletableFuture<>();
                    // Completes on the timer thread: the chain must hop back to the event loop by itself.
                    context.scheduler().schedule(() -> later.complete(null), config.delay().toMillis(), TimeUnit.MILLISECONDS);
                    return Action.await(later, ignored -> decide(exchange, found));
                }

                private Action decide(HttpExchange exchange, ConsumerCredential<TokenCredential> found) {
                    exchange.requestHeaders().set("x-decided-on", Thread.currentThread().getName());
                    if (found != null) {
                        exchange.authenticate(found.consumer(), found.credential());
                        return Action.proceed();
                    }
                    if (anonymous != null) {
                        exchange.authenticateAnonymous(anonymous);
                        return Action.proceed();
                    }
                    return Action.unauthorized("Token realm=\"test\"", "no valid token");
                }
            };
        }
    }

    /** Answers 403 (or the configured status) when the request has {@code x-deny}. */
    static final class DenyType implements PluginType<Integer> {

        @Override
        public String name() {
            return "deny";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.ACCESS);
        }

        @Override
        public int priority() {
            return 500;
        }

        @Override
        public Integer readConfig(ConfigReader config) {
            return config.integer("status", 403, 400, 599);
        }

        @Override
        public Plugin create(Integer status, PluginContext context) {
            return new Plugin() {
                @Override
                public Action access(HttpExchange exchange) {
                    if (!exchange.requestHeaders().contains("x-deny")) {
                        return Action.proceed();
                    }
                    return Action.error(status, "denied", "denied by the test plugin");
                }
            };
        }
    }

    /** Fails in the access phase: by throwing, or ({@code async: true}) with a failed stage. */
    static final class ExplodeType implements PluginType<Boolean> {

        @Override
        public String name() {
            return "explode";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.ACCESS);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Boolean readConfig(ConfigReader config) {
            return config.bool("async", false);
        }

        @Override
        public Plugin create(Boolean async, PluginContext context) {
            return new Plugin() {
                @Override
                public Action access(HttpExchange exchange) {
                    if (async) {
                        return Action.await(CompletableFuture.supplyAsync(() -> {
                            throw new IllegalStateException("asynchronous test failure");
                        }));
                    }
                    throw new IllegalStateException("test failure");
                }
            };
        }
    }

    /** Upper-cases the whole response body, accepting at most {@code max_bytes}. */
    static final class UpperBodyType implements PluginType<Integer> {

        @Override
        public String name() {
            return "upper-body";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.RESPONSE_BODY);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Integer readConfig(ConfigReader config) {
            return (int) config.bytes("max_bytes", 1024 * 1024);
        }

        @Override
        public Plugin create(Integer maxBytes, PluginContext context) {
            return new Plugin() {
                @Override
                public int maxResponseBodyBytes() {
                    return maxBytes;
                }

                @Override
                public byte[] responseBody(HttpExchange exchange, ResponseHead response, byte[] body) {
                    return new String(body, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
                }
            };
        }
    }

    /** Caps the request body at {@code max_bytes}. */
    static final class LimitBodyType implements PluginType<Long> {

        @Override
        public String name() {
            return "limit-body";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.ACCESS);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Long readConfig(ConfigReader config) {
            return config.bytes("max_bytes", 1024);
        }

        @Override
        public Plugin create(Long maxBytes, PluginContext context) {
            return new Plugin() {
                @Override
                public Action access(HttpExchange exchange) {
                    exchange.limitRequestBody(maxBytes);
                    return Action.proceed();
                }
            };
        }
    }

    /**
     * Copies the decoded value of query parameter {@code parameter} to the request header {@code x-seen}
     * (access phase), then removes the parameter from what goes upstream (upstream_request phase).
     */
    static final class StripQueryType implements PluginType<String> {

        @Override
        public String name() {
            return "strip-query";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.ACCESS, Phase.UPSTREAM_REQUEST);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public String readConfig(ConfigReader config) {
            return config.requiredString("parameter", "a query parameter name");
        }

        @Override
        public Plugin create(String parameter, PluginContext context) {
            return new Plugin() {
                @Override
                public Action access(HttpExchange exchange) {
                    String value = exchange.queryParameter(parameter);
                    if (value != null) {
                        exchange.requestHeaders().set("x-seen", value);
                    }
                    return Action.proceed();
                }

                @Override
                public Action upstreamRequest(HttpExchange exchange) {
                    exchange.removeQueryParameter(parameter);
                    return Action.proceed();
                }
            };
        }
    }

    /**
     * {@code tries}: specialised per route; marks each upstream try with {@code x-try: <number>} and
     * {@code x-try-route: <route>}, answers {@code x-served-route: <route>/<service>}, and logs
     * {@code tries:<route>:<number>@<target>=<status or failure>,...}.
     */
    record TriesType(Queue<String> logged) implements PluginType<String> {

        @Override
        public String name() {
            return "tries";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.UPSTREAM_ATTEMPT, Phase.RESPONSE_HEADERS, Phase.LOG);
        }

        @Override
        public int priority() {
            return 1;
        }

        @Override
        public String readConfig(ConfigReader config) {
            return "";
        }

        @Override
        public Plugin create(String config, PluginContext context) {
            return new RoutePlugin(null, logged);
        }

        private record RoutePlugin(RouteInfo route, Queue<String> logged) implements Plugin {

            @Override
            public Plugin forRoute(RouteInfo info) {
                return new RoutePlugin(info, logged);
            }

            @Override
            public void upstreamAttempt(HttpExchange exchange, UpstreamAttempt attempt) {
                attempt.requestHeaders().set("x-try", Integer.toString(attempt.number()));
                attempt.requestHeaders().set("x-try-route", route.name());
            }

            @Override
            public void responseHeaders(HttpExchange exchange, ResponseHead response) {
                response.headers().set("x-served-route", route.name() + "/" + route.service());
            }

            @Override
            public void log(HttpExchange exchange, Completed completed) {
                StringBuilder line = new StringBuilder("tries:").append(route.name()).append(':');
                for (AttemptResult attempt : completed.attempts()) {
                    line.append(attempt.number()).append('@').append(attempt.target()).append('=')
                            .append(attempt.failure() != null ? attempt.failure() : Integer.toString(attempt.status()))
                            .append(attempt.startOffsetNanos() >= 0 && attempt.durationNanos() >= 0 ? "" : "!negative")
                            .append(',');
                }
                logged.add(line.toString());
            }
        }
    }

    /**
     * {@code observe-body}: observes every response body up to {@code max_bytes} and logs
     * {@code observed:<route>:<status>:<length>:<sha-256>} or {@code abandoned:<route>:<status>}.
     */
    record ObserveBodyType(Queue<String> logged) implements PluginType<Integer> {

        @Override
        public String name() {
            return "observe-body";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.RESPONSE_HEADERS);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Integer readConfig(ConfigReader config) {
            return (int) config.bytes("max_bytes", 1024);
        }

        @Override
        public Plugin create(Integer maxBytes, PluginContext context) {
            return new Plugin() {
                @Override
                public void responseHeaders(HttpExchange exchange, ResponseHead response) {
                    String where = exchange.routeName() + ":" + response.status();
                    response.observeBody(maxBytes, new BodyObserver() {
                        @Override
                        public void complete(byte[] body) {
                            logged.add("observed:" + where + ":" + body.length + ":" + TestOrigin.sha256Hex(body));
                        }

                        @Override
                        public void abandoned() {
                            logged.add("abandoned:" + where);
                        }
                    });
                }
            };
        }
    }

    /** {@code recover}: answers 200 {@code recovered from <status>} in place of any upstream failure. */
    static final class RecoverType implements PluginType<String> {

        @Override
        public String name() {
            return "recover";
        }

        @Override
        public Set<Phase> phases() {
            return Set.of(Phase.RESPONSE_HEADERS);
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public String readConfig(ConfigReader config) {
            return "";
        }

        @Override
        public Plugin create(String config, PluginContext context) {
            return new Plugin() {
                @Override
                public Action.Respond recover(HttpExchange exchange, int status) {
                    return Action.respond(200, ("recovered from " + status).getBytes(StandardCharsets.UTF_8))
                            .withHeader("x-recovered", "true");
                }
            };
        }
    }
}
