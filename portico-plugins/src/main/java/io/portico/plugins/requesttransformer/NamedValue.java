package io.portico.plugins.requesttransformer;

/** A {@code name:value} entry of Kong's lists; for {@code rename}, the value is the new name. */
record NamedValue(String name, Template value) {}
