package io.portico.plugin;

import java.util.List;

/** A mutable view of request or response headers. Names are case-insensitive. */
public interface Headers {

    /** The first value, or null. */
    String get(String name);

    /** Every value, in order; empty when absent. */
    List<String> getAll(String name);

    boolean contains(String name);

    /** Replaces every value of the header. */
    void set(String name, String value);

    void add(String name, String value);

    void remove(String name);

    /** The distinct header names, as first written. */
    List<String> names();
}
