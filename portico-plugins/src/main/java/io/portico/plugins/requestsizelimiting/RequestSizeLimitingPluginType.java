package io.portico.plugins.requestsizelimiting;

import io.portico.plugin.ConfigReader;
import io.portico.plugin.Phase;
import io.portico.plugin.Plugin;
import io.portico.plugin.PluginContext;
import io.portico.plugin.PluginType;
import io.portico.plugin.Quantities;
import java.math.BigInteger;
import java.util.Set;

/**
 * {@code request-size-limiting}: Kong's keys ({@code allowed_payload_size} in {@code size_unit},
 * default 128 megabytes; {@code require_content_length}); the size may also be written with its own
 * unit ({@code 10MB}), as sizes are elsewhere in Portico's config.
 */
public final class RequestSizeLimitingPluginType implements PluginType<RequestSizeLimitingConfig> {

    static final long DEFAULT_PAYLOAD_SIZE = 128;
    private static final String SIZE_RULE = "a whole number of size_unit, or " + Quantities.SIZE_RULE;

    public RequestSizeLimitingPluginType() {}

    @Override
    public String name() {
        return "request-size-limiting";
    }

    @Override
    public Set<Phase> phases() {
        return Set.of(Phase.ACCESS);
    }

    @Override
    public int priority() {
        return 951;
    }

    @Override
    public RequestSizeLimitingConfig readConfig(ConfigReader config) {
        Object size = config.value("allowed_payload_size");
        boolean unitWritten = config.has("size_unit");
        SizeUnit unit = SizeUnit.named(config.oneOf("size_unit", "megabytes", SizeUnit.NAMES));
        boolean requireContentLength = config.bool("require_content_length", false);
        long maxBytes = maxBytes(config, size, unit, unitWritten);
        return new RequestSizeLimitingConfig(maxBytes, requireContentLength);
    }

    private static long maxBytes(ConfigReader config, Object size, SizeUnit unit, boolean unitWritten) {
        if (size == null) {
            return DEFAULT_PAYLOAD_SIZE * unit.bytes();
        }
        if (size instanceof String text && !isWholeNumber(text)) {
            long bytes = Quantities.parseBytes(text);
            if (bytes <= 0) {
                config.expected("allowed_payload_size", bytes == 0 ? "> 0" : SIZE_RULE);
                return 0;
            }
            if (unitWritten) {
                config.problem("size_unit", "set together with a size that has its own unit (expected: either "
                        + "allowed_payload_size: 10 with size_unit, or allowed_payload_size: 10MB alone)");
            }
            return bytes;
        }
        BigInteger number;
        if (size instanceof Integer || size instanceof Long) {
            number = BigInteger.valueOf(((Number) size).longValue());
        } else if (size instanceof BigInteger big) {
            number = big;
        } else if (size instanceof String text) {
            number = new BigInteger(text); // a whole number from a ${VARIABLE}
        } else {
            config.expected("allowed_payload_size", SIZE_RULE);
            return 0;
        }
        if (number.signum() <= 0) {
            config.expected("allowed_payload_size", "> 0");
            return 0;
        }
        BigInteger bytes = number.multiply(BigInteger.valueOf(unit.bytes()));
        if (bytes.bitLength() >= 63) {
            config.expected("allowed_payload_size", "at most " + (Long.MAX_VALUE / unit.bytes()) + " " + unit.configName());
            return 0;
        }
        return bytes.longValue();
    }

    private static boolean isWholeNumber(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public Plugin create(RequestSizeLimitingConfig config, PluginContext context) {
        return new RequestSizeLimitingPlugin(config);
    }
}
