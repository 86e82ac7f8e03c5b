package io.portico.chain;

import io.portico.json.JsonText;
import io.portico.plugin.Phase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The effective plugin chain of a route, as {@code portico explain} and {@code GET /routes/{name}/chain}
 * show it: every phase in running order (empty ones too), each with its plugins in running order, and
 * where the route leads. With a consumer, the phases after authentication are those of the consumer's
 * chain, exactly as a request of that consumer runs them. A route that answers by itself never runs its
 * {@code upstream_request} and {@code response_body} plugins, so those phases are empty in its report.
 *
 * @param consumer the consumer the chain was worked out for, or null for the route's own chain
 * @param target   the service (and upstream) the route forwards to, or the static response it answers with
 * @param phases   every phase, in {@link Phase} order, with its plugins in running order
 */
public record ChainReport(String route, String consumer, Target target, Map<Phase, List<Entry>> phases) {

    public ChainReport {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(target, "target");
        Map<Phase, List<Entry>> copy = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            copy.put(phase, List.copyOf(phases.getOrDefault(phase, List.of())));
        }
        phases = Collections.unmodifiableMap(copy);
    }

    /**
     * The report of one route.
     *
     * @param consumer a consumer's username (whose own plugins then apply after authentication), or null
     */
    public static ChainReport of(String route, String consumer, RouteChains chains, Target target) {
        PluginChain before = chains.base();
        PluginChain after = chains.forConsumer(consumer);
        Map<Phase, List<Entry>> phases = new EnumMap<>(Phase.class);
        for (Phase phase : Phase.values()) {
            // The same switch as the data path: the consumer's chain takes over once authentication is done.
            PluginChain chain = phase.afterAuthentication() ? after : before;
            List<Entry> entries = new ArrayList<>();
            if (runs(phase, target)) {
                for (ChainLink link : chain.linksOf(phase)) {
                    entries.add(new Entry(link.name(), link.priority(), link.scope().configName(), link.source()));
                }
            }
            phases.put(phase, entries);
        }
        return new ChainReport(route, consumer, target, phases);
    }

    /** A route that answers by itself sends nothing upstream and receives no upstream body. */
    private static boolean runs(Phase phase, Target target) {
        if (target instanceof StaticResponse) {
            return phase != Phase.UPSTREAM_REQUEST && phase != Phase.REQUEST_BODY && phase != Phase.UPSTREAM_ATTEMPT
                    && phase != Phase.RESPONSE_BODY;
        }
        if (target instanceof Aggregate) {
            // Backends get GETs without a body; their tries are not shown to plugins, the merged body is.
            return phase != Phase.REQUEST_BODY && phase != Phase.UPSTREAM_ATTEMPT;
        }
        return true;
    }

    /**
     * One plugin in a phase.
     *
     * @param scope  {@code global}, {@code service}, {@code route}, {@code consumer} or {@code consumer+route}
     * @param source where its configuration is written: {@code plugins}, {@code services[users]},
     *               {@code routes[users-v1]}, {@code consumers[alice]}, {@code consumers[alice]@users-v1}
     */
    public record Entry(String plugin, int priority, String scope, String source) {}

    /** Where a route leads. */
    public sealed interface Target permits Service, StaticResponse, Aggregate {}

    /**
     * A proxied route's service.
     *
     * @param url      the service URL as configured
     * @param upstream the upstream the URL names, or null when it names a host and port directly
     * @param targets  the {@code host:port} of every target (backups included), in configuration order
     */
    public record Service(String name, String url, String upstream, List<String> targets) implements Target {
        public Service {
            targets = List.copyOf(targets);
        }
    }

    /** A route that answers by itself ({@code response:}). */
    public record StaticResponse(int status) implements Target {}

    /** A route that calls several services and merges their answers ({@code aggregate:}). */
    public record Aggregate(long timeoutMillis, List<AggregateBackend> backends) implements Target {
        public Aggregate {
            backends = List.copyOf(backends);
        }
    }

    /** One backend of an aggregate route; {@code key} is null for a merge at the root. */
    public record AggregateBackend(String service, String path, String key, boolean optional) {}

    /**
     * The report as JSON, keys in a fixed order:
     * {@code {"route":..,"consumer":..,"service":{..}|null,"response":{"status":..}|null,"aggregate":{..}|null,
     * "phases":{"rewrite":[..],..}}}.
     */
    public String toJson() {
        StringBuilder json = new StringBuilder(512);
        json.append("{\"route\":");
        JsonText.appendQuoted(json, route);
        json.append(",\"consumer\":");
        appendNullable(json, consumer);
        json.append(",\"service\":");
        if (target instanceof Service service) {
            json.append("{\"name\":");
            JsonText.appendQuoted(json, service.name());
            json.append(",\"url\":");
            JsonText.appendQuoted(json, service.url());
            json.append(",\"upstream\":");
            appendNullable(json, service.upstream());
            json.append(",\"targets\":[");
            for (int i = 0; i < service.targets().size(); i++) {
                json.append(i == 0 ? "" : ",");
                JsonText.appendQuoted(json, service.targets().get(i));
            }
            json.append("]}");
        } else {
            json.append("null");
        }
        json.append(",\"response\":");
        if (target instanceof StaticResponse response) {
            json.append("{\"status\":").append(response.status()).append('}');
        } else {
            json.append("null");
        }
        json.append(",\"aggregate\":");
        if (target instanceof Aggregate aggregate) {
            appendAggregate(json, aggregate);
        } else {
            json.append("null");
        }
        json.append(",\"phases\":{");
        boolean firstPhase = true;
        for (Map.Entry<Phase, List<Entry>> phase : phases.entrySet()) {
            json.append(firstPhase ? "" : ",");
            firstPhase = false;
            JsonText.appendQuoted(json, phase.getKey().configName());
            json.append(":[");
            for (int i = 0; i < phase.getValue().size(); i++) {
                Entry entry = phase.getValue().get(i);
                json.append(i == 0 ? "{\"plugin\":" : ",{\"plugin\":");
                JsonText.appendQuoted(json, entry.plugin());
                json.append(",\"priority\":").append(entry.priority()).append(",\"scope\":");
                JsonText.appendQuoted(json, entry.scope());
                json.append(",\"source\":");
                JsonText.appendQuoted(json, entry.source());
                json.append('}');
            }
            json.append(']');
        }
        return json.append("}}").toString();
    }

    private static void appendAggregate(StringBuilder json, Aggregate aggregate) {
        json.append("{\"timeout_ms\":").append(aggregate.timeoutMillis()).append(",\"backends\":[");
        for (int i = 0; i < aggregate.backends().size(); i++) {
            AggregateBackend backend = aggregate.backends().get(i);
            json.append(i == 0 ? "{\"service\":" : ",{\"service\":");
            JsonText.appendQuoted(json, backend.service());
            json.append(",\"path\":");
            JsonText.appendQuoted(json, backend.path());
            json.append(",\"key\":");
            appendNullable(json, backend.key());
            json.append(",\"optional\":").append(backend.optional()).append('}');
        }
        json.append("]}");
    }

    private static void appendNullable(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
        } else {
            JsonText.appendQuoted(json, value);
        }
    }
}
