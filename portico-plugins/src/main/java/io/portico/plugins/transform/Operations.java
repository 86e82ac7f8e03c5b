package io.portico.plugins.transform;

import java.util.List;

/**
 * What to do to one part of a message (headers, query parameters, JSON fields), in Kong's order:
 * remove, rename, replace (only what is there), add (only what is not), append (always).
 */
public record Operations(List<String> remove, List<NamedValue> rename, List<NamedValue> replace, List<NamedValue> add,
                        List<NamedValue> append) {

    public static final Operations NONE = new Operations(List.of(), List.of(), List.of(), List.of(), List.of());

    public boolean isEmpty() {
        return remove.isEmpty() && rename.isEmpty() && replace.isEmpty() && add.isEmpty() && append.isEmpty();
    }
}
