package io.portico.plugin.testing;

import io.portico.plugin.Headers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Case-insensitive headers in a list, for plugin unit tests. */
public final class TestHeaders implements Headers {

    private final List<Map.Entry<String, String>> entries = new ArrayList<>();

    public static TestHeaders of(String... namesAndValues) {
        TestHeaders headers = new TestHeaders();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    @Override
    public String get(String name) {
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                return entry.getValue();
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> values = new ArrayList<>();
        for (Map.Entry<String, String> entry : entries) {
            if (entry.getKey().equalsIgnoreCase(name)) {
                values.add(entry.getValue());
            }
        }
        return values;
    }

    @Override
    public boolean contains(String name) {
        return get(name) != null;
    }

    @Override
    public void set(String name, String value) {
        remove(name);
        add(name, value);
    }

    @Override
    public void add(String name, String value) {
        entries.add(Map.entry(name, value));
    }

    @Override
    public void remove(String name) {
        entries.removeIf(entry -> entry.getKey().equalsIgnoreCase(name));
    }

    @Override
    public List<String> names() {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (Map.Entry<String, String> entry : entries) {
            names.add(entry.getKey().toLowerCase(Locale.ROOT));
        }
        return List.copyOf(names);
    }
}
