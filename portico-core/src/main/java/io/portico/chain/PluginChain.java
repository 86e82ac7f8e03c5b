package io.portico.chain;

import io.portico.plugin.Phase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plugins of one route (or route and consumer), split by phase and sorted: priority (higher
 * first), then name. Immutable; the data path only indexes arrays.
 */
public final class PluginChain {

    private static final Comparator<ChainLink> ORDER =
            Comparator.comparingInt(ChainLink::priority).reversed().thenComparing(ChainLink::name);
    private static final Phase[] PHASES = Phase.values();

    private final ChainLink[][] byPhase = new ChainLink[PHASES.length][];
    private final List<ChainLink> links;
    private final int maxResponseBodyBytes;
    private final int maxRequestBodyBytes;

    PluginChain(List<ChainLink> links) {
        this.links = List.copyOf(links);
        Map<Phase, List<ChainLink>> grouped = new EnumMap<>(Phase.class);
        for (Phase phase : PHASES) {
            grouped.put(phase, new ArrayList<>());
        }
        for (ChainLink link : links) {
            for (Phase phase : link.phases()) {
                grouped.get(phase).add(link);
            }
        }
        int bodyBound = Integer.MAX_VALUE;
        for (Phase phase : PHASES) {
            List<ChainLink> list = grouped.get(phase);
            list.sort(ORDER);
            byPhase[phase.ordinal()] = list.toArray(new ChainLink[0]);
        }
        for (ChainLink link : byPhase[Phase.RESPONSE_BODY.ordinal()]) {
            bodyBound = Math.min(bodyBound, link.plugin().maxResponseBodyBytes());
        }
        this.maxResponseBodyBytes = bodyBound;
        int requestBound = Integer.MAX_VALUE;
        for (ChainLink link : byPhase[Phase.REQUEST_BODY.ordinal()]) {
            requestBound = Math.min(requestBound, link.plugin().maxRequestBodyBytes());
        }
        this.maxRequestBodyBytes = requestBound;
    }

    /** The links of a phase, in running order. The array is shared: never modify it. */
    public ChainLink[] links(Phase phase) {
        return byPhase[phase.ordinal()];
    }

    /** The links of a phase as a list, for reports. */
    public List<ChainLink> linksOf(Phase phase) {
        return Arrays.asList(byPhase[phase.ordinal()]);
    }

    public boolean isEmpty() {
        return links.isEmpty();
    }

    public boolean has(Phase phase) {
        return byPhase[phase.ordinal()].length > 0;
    }

    /** The smallest body bound of the request-body plugins (MAX_VALUE without any). */
    public int maxRequestBodyBytes() {
        return maxRequestBodyBytes;
    }

    /** The smallest body bound of the response-body plugins (MAX_VALUE without any). */
    public int maxResponseBodyBytes() {
        return maxResponseBodyBytes;
    }
}
