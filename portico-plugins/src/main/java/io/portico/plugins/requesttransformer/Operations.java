package io.portico.plugins.requesttransformer;

import java.util.List;

/**
 * What to do to one part of the request (headers or query parameters), in Kong's order: remove,
 * rename, replace (only what is there), add (only what is not), append (always).
 */
record Operations(List<String> remove, List<NamedValue> rename, List<NamedValue> replace, List<NamedValue> add,
                  List<NamedValue> append) {

    static final Operations NONE = new Operations(List.of(), List.of(), List.of(), List.of(), List.of());

    boolean isEmpty() {
        return remove.isEmpty() && rename.isEmpty() && replace.isEmpty() && add.isEmpty() && append.isEmpty();
    }
}
