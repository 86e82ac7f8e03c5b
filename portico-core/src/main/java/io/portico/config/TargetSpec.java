package io.portico.config;

/** One target of an upstream: an address, a weight (default 100) and whether it is a backup. */
public record TargetSpec(HostPort target, int weight, boolean backup) {}
