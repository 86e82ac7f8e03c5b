package io.portico.plugins.quota;

/** How many requests a consumer may make in each {@code period}. */
record Allowance(QuotaPeriod period, long limit) {}
