package io.portico.plugin;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The plugin types a gateway knows, by name. Immutable. */
public final class PluginRegistry {

    private static final PluginRegistry EMPTY = new PluginRegistry(Map.of());

    private final Map<String, PluginType<?>> types;

    private PluginRegistry(Map<String, PluginType<?>> types) {
        this.types = types;
    }

    /** No plugins: every plugin name in a config is an error. */
    public static PluginRegistry empty() {
        return EMPTY;
    }

    /** Every plugin type on the class path ({@code META-INF/services/io.portico.plugin.PluginType}). */
    @SuppressWarnings("rawtypes")
    public static PluginRegistry discover() {
        Map<String, PluginType<?>> found = new TreeMap<>();
        for (PluginType type : ServiceLoader.load(PluginType.class)) {
            add(found, type);
        }
        return new PluginRegistry(found);
    }

    public static PluginRegistry of(PluginType<?>... types) {
        return of(List.of(types));
    }

    public static PluginRegistry of(Collection<? extends PluginType<?>> types) {
        Map<String, PluginType<?>> found = new TreeMap<>();
        for (PluginType<?> type : types) {
            add(found, type);
        }
        return new PluginRegistry(found);
    }

    /** This registry plus {@code more} (tests add their own plugins to the built-in ones). */
    public PluginRegistry with(PluginType<?>... more) {
        Map<String, PluginType<?>> found = new TreeMap<>(types);
        for (PluginType<?> type : more) {
            add(found, type);
        }
        return new PluginRegistry(found);
    }

    private static void add(Map<String, PluginType<?>> found, PluginType<?> type) {
        PluginType<?> previous = found.putIfAbsent(type.name(), type);
        if (previous != null && previous != type) {
            throw new IllegalStateException("two plugin types are named " + type.name() + ": "
                    + previous.getClass().getName() + " and " + type.getClass().getName());
        }
    }

    /** The type, or null. */
    public PluginType<?> find(String name) {
        return types.get(name);
    }

    /** The names, sorted. */
    public Collection<String> names() {
        return types.keySet();
    }

    /** Closes every type ({@link PluginType#close}); one that throws does not keep the others open. */
    public void close() {
        RuntimeException failure = null;
        for (PluginType<?> type : types.values()) {
            try {
                type.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
