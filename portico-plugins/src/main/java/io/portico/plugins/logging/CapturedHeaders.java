package io.portico.plugins.logging;

import io.portico.plugin.Headers;
import java.util.List;

/**
 * A copy of headers taken on the event loop (the live ones change and are not thread-safe): names as
 * the gateway lists them, each with all its values. Lower-casing, merging and masking happen when the
 * entry is serialized, off the event loop.
 */
final class CapturedHeaders {

    static final CapturedHeaders NONE = new CapturedHeaders(new String[0], new String[0][]);

    final String[] names;
    final String[][] values;

    private CapturedHeaders(String[] names, String[][] values) {
        this.names = names;
        this.values = values;
    }

    static CapturedHeaders of(Headers headers) {
        List<String> names = headers.names();
        String[] copiedNames = new String[names.size()];
        String[][] copiedValues = new String[names.size()][];
        for (int i = 0; i < copiedNames.length; i++) {
            String name = names.get(i);
            copiedNames[i] = name;
            copiedValues[i] = headers.getAll(name).toArray(new String[0]);
        }
        return new CapturedHeaders(copiedNames, copiedValues);
    }
}
