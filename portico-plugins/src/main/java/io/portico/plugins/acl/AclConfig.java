package io.portico.plugins.acl;

import java.util.Set;

/**
 * The {@code acl} config: exactly one of {@code allow} and {@code deny}.
 *
 * @param groups           the groups of the list that was given
 * @param hideGroupsHeader when true, {@code X-Consumer-Groups} is not sent upstream
 */
record AclConfig(Mode mode, Set<String> groups, boolean hideGroupsHeader) {

    /** Whether {@link #groups} lets consumers in or keeps them out. */
    enum Mode {
        ALLOW,
        DENY
    }

    AclConfig {
        groups = Set.copyOf(groups);
    }
}
