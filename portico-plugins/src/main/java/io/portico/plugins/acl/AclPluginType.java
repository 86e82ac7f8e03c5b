package io.portico.plugins.acl;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code acl}: allow or deny consumer groups. */
public final class AclPluginType implements PluginType<AclConfig> {

    static final String NAME = "acl";
    /** The same rule as {@code consumers[].groups}: a listed group can only ever match a valid one. */
    static final String GROUP_RULE = "1 to 128 characters of a-z, A-Z, 0-9, '.', '_', '-' and ':'";
    static final String ONE_OF = "exactly one of allow, deny";

    public AclPluginType() {}

    @Override
    public String name() {
        return NAME;
    }

    /** Access to decide; upstream_request to hide the groups header, which the core writes after access. */
    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS, Phase.UPSTREAM_REQUEST);
    }

    @Override
    public int priority() {
        return 950;
    }

    @Override
    public AclConfig readConfig(ConfigReader config) {
        boolean hasAllow = config.has("allow");
        boolean hasDeny = config.has("deny");
        Set<String> allow = groups(config, "allow");
        Set<String> deny = groups(config, "deny");
        boolean hide = config.bool("hide_groups_header", false);
        if (hasAllow && hasDeny) {
            config.problem("deny", "set together with allow (expected: " + ONE_OF + ")");
        } else if (!hasAllow && !hasDeny) {
            config.problem("allow", "missing (expected: " + ONE_OF + ")");
        }
        return hasAllow ? new AclConfig(AclConfig.Mode.ALLOW, allow, hide)
                : new AclConfig(AclConfig.Mode.DENY, deny, hide);
    }

    private static Set<String> groups(ConfigReader config, String key) {
        List<String> names = config.strings(key, List.of());
        if (config.value(key) instanceof List<?> items && items.isEmpty()) {
            config.problem(key, "an empty list (expected: a non-empty list of group names)");
        }
        for (int i = 0; i < names.size(); i++) {
            if (!isGroup(names.get(i))) {
                config.expectedItem(key, i, GROUP_RULE);
            }
        }
        return new LinkedHashSet<>(names);
    }

    @Override
    public Plugin create(AclConfig config, PluginContext context) {
        return new AclPlugin(config);
    }

    private static boolean isGroup(String name) {
        if (name.isEmpty() || name.length() > 128) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
