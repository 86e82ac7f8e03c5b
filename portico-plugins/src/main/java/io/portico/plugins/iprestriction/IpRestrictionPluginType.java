package io.portico.plugins.iprestriction;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code ip-restriction}: allow and deny lists of addresses and CIDR blocks, in the access phase. */
public final class IpRestrictionPluginType implements PluginType<IpRestrictionConfig> {

    static final String DEFAULT_MESSAGE = "your IP address is not allowed";

    public IpRestrictionPluginType() {}

    @Override
    public String name() {
        return "ip-restriction";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS);
    }

    @Override
    public int priority() {
        return 990;
    }

    @Override
    public IpRestrictionConfig readConfig(ConfigReader config) {
        List<String> allow = config.strings("allow", List.of());
        List<String> deny = config.strings("deny", List.of());
        int status = config.integer("status", 403, 400, 599);
        String message = config.string("message", DEFAULT_MESSAGE);
        if (allow.isEmpty() && deny.isEmpty()) {
            config.problem("allow", "missing (expected: at least one address or CIDR block in allow or deny)");
        }
        return new IpRestrictionConfig(blocks(config, "allow", allow), blocks(config, "deny", deny), status, message);
    }

    private static AddressBlocks blocks(ConfigReader config, String key, List<String> written) {
        List<String> valid = new ArrayList<>(written.size());
        for (int i = 0; i < written.size(); i++) {
            String block = written.get(i);
            if (AddressBlocks.isValid(block)) {
                valid.add(block);
            } else {
                config.expectedItem(key, i, AddressBlocks.RULE);
            }
        }
        return valid.isEmpty() ? AddressBlocks.NONE : AddressBlocks.of(valid);
    }

    @Override
    public Plugin create(IpRestrictionConfig config, PluginContext context) {
        return new IpRestrictionPlugin(config);
    }
}
