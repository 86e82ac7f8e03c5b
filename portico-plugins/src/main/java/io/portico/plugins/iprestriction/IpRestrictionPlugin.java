package io.portico.plugins.iprestriction;

import io.portico.plugin.Action;
import io.portico.plugin.HttpExchange;
import io.portico.plugin.Plugin;

/**
 * Rejects clients that are denied, or not allowed when an allow list is set. Deny wins when both
 * match. A client address that is not a literal (which the core never produces) is rejected: when in
 * doubt, closed. Runs on the event loop; reads only immutable state.
 */
final class IpRestrictionPlugin implements Plugin {

    private final AddressBlocks allow;
    private final AddressBlocks deny;
    private final Action.Respond rejection;

    IpRestrictionPlugin(IpRestrictionConfig config) {
        this.allow = config.allow();
        this.deny = config.deny();
        this.rejection = config.status() == 403 ? Action.forbidden(config.message())
                : Action.error(config.status(), errorCode(config.status()), config.message());
    }

    @Override
    public Action access(HttpExchange exchange) {
        return allows(exchange.clientIp()) ? Action.proceed() : rejection;
    }

    boolean allows(String clientIp) {
        byte[] address = IpLiteral.parse(clientIp);
        if (address == null || deny.contains(address)) {
            return false;
        }
        return allow.isEmpty() || allow.contains(address);
    }

    /** The JSON {@code error} for a configured status other than 403. */
    static String errorCode(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 429 -> "too_many_requests";
            case 451 -> "unavailable_for_legal_reasons";
            case 503 -> "service_unavailable";
            default -> "ip_denied";
        };
    }
}
