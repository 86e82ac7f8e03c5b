package io.portico.plugins.requestsizelimiting;

import java.util.List;

/** What a bare number in {@code allowed_payload_size} counts, as Kong's {@code size_unit}. */
enum SizeUnit {
    MEGABYTES("megabytes", 1024L * 1024),
    KILOBYTES("kilobytes", 1024L),
    BYTES("bytes", 1L);

    static final List<String> NAMES = List.of("megabytes", "kilobytes", "bytes");

    private final String configName;
    private final long bytes;

    SizeUnit(String configName, long bytes) {
        this.configName = configName;
        this.bytes = bytes;
    }

    static SizeUnit named(String name) {
        for (SizeUnit unit : values()) {
            if (unit.configName.equals(name)) {
                return unit;
            }
        }
        throw new IllegalArgumentException("size_unit: " + name + " (expected: one of " + NAMES + ")");
    }

    String configName() {
        return configName;
    }

    long bytes() {
        return bytes;
    }
}
