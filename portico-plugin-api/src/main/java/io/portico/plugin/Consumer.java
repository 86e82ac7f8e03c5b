package io.portico.plugin;

import java.util.List;
import java.util.Objects;

/**
 * Someone who calls the APIs, as declared under {@code consumers:}.
 *
 * @param groups for {@code acl}; sent upstream as {@code X-Consumer-Groups}
 */
public record Consumer(String username, List<String> groups) {

    public Consumer {
        Objects.requireNonNull(username, "username");
        groups = List.copyOf(groups);
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
