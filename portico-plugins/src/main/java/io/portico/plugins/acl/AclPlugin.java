package io.portico.plugins.acl;

import io.portico.plugin.Action;
import io.portico.plugin.Consumer;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;
import java.util.List;
import java.util.Set;

/**
 * Allows or denies the request by the consumer's groups; a request without a consumer is denied. In
 * the upstream_request phase (after the core wrote the consumer headers) it may remove
 * {@code X-Consumer-Groups}. Runs on the request's event loop; immutable.
 */
final class AclPlugin implements Plugin {

    private static final String GROUPS_HEADER = "X-Consumer-Groups";
    private static final Action.Respond NOT_ALLOWED = Action.forbidden("you cannot consume this service");
    private static final Action.Respond NO_CONSUMER =
            Action.forbidden("no consumer identified; configure an authentication plugin");

    private final boolean allow;
    private final Set<String> groups;
    private final boolean hideGroupsHeader;

    AclPlugin(AclConfig config) {
        this.allow = config.mode() == AclConfig.Mode.ALLOW;
        this.groups = config.groups();
        this.hideGroupsHeader = config.hideGroupsHeader();
    }

    @Override
    public Action access(HttpExchange exchange) {
        Consumer consumer = exchange.consumer();
        if (consumer == null) {
            return NO_CONSUMER;
        }
        return inListedGroup(consumer.groups()) == allow ? Action.proceed() : NOT_ALLOWED;
    }

    @Override
    public Action upstreamRequest(HttpExchange exchange) {
        if (hideGroupsHeader) {
            exchange.requestHeaders().remove(GROUPS_HEADER);
        }
        return Action.proceed();
    }

    private boolean inListedGroup(List<String> consumerGroups) {
        for (int i = 0; i < consumerGroups.size(); i++) {
            if (groups.contains(consumerGroups.get(i))) {
                return true;
            }
        }
        return false;
    }
}
