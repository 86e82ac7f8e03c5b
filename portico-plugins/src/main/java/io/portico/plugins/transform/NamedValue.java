package io.portico.plugins.transform;

/** A {@code name:value} entry of Kong's lists; for {@code rename}, the value is the new name. */
public record NamedValue(String name, Template value) {}
