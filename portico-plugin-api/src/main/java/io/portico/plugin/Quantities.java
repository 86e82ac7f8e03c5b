package io.portico.plugin;

import java.time.Duration;

/**
 * Durations ({@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, compound {@code 1m30s}) and sizes
 * ({@code 512B}, {@code 16KB}, {@code 10MB}, {@code 1GB}, powers of 1024) as written in config.
 */
public final class Quantities {

    public static final String DURATION_RULE = "a duration such as 250ms, 5s, 2m";
    public static final String SIZE_RULE = "a size such as 512B, 16KB, 10MB, 1GB";

    private static final String[] DURATION_UNITS = {"h", "m", "s", "ms"};
    private static final long[] DURATION_UNIT_MILLIS = {3_600_000L, 60_000L, 1_000L, 1L};

    private Quantities() {}

    /** The duration, or null when the text is not one (or overflows). */
    public static Duration parseDuration(String text) {
        int i = 0;
        int lastUnit = -1;
        long millis = 0;
        if (text.isEmpty()) {
            return null;
        }
        try {
            while (i < text.length()) {
                int digitsEnd = digitsEnd(text, i);
                if (digitsEnd == i) {
                    return null;
                }
                long amount = Long.parseLong(text.substring(i, digitsEnd));
                int unit = durationUnitAt(text, digitsEnd);
                // Units must appear largest first, each at most once: 1h30m, not 30m1h or 1m1m.
                if (unit <= lastUnit) {
                    return null;
                }
                millis = Math.addExact(millis, Math.multiplyExact(amount, DURATION_UNIT_MILLIS[unit]));
                i = digitsEnd + DURATION_UNITS[unit].length();
                lastUnit = unit;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
        return Duration.ofMillis(millis);
    }

    private static int durationUnitAt(String text, int at) {
        if (text.startsWith("ms", at)) {
            return 3;
        }
        for (int unit = 0; unit < 3; unit++) {
            if (text.startsWith(DURATION_UNITS[unit], at)) {
                return unit;
            }
        }
        return -1;
    }

    /** The size in bytes, or -1 when the text is not one (or overflows). */
    public static long parseBytes(String text) {
        int digitsEnd = digitsEnd(text, 0);
        if (digitsEnd == 0) {
            return -1;
        }
        long multiplier = switch (text.substring(digitsEnd)) {
            case "B" -> 1L;
            case "KB" -> 1024L;
            case "MB" -> 1024L * 1024;
            case "GB" -> 1024L * 1024 * 1024;
            default -> 0L;
        };
        if (multiplier == 0) {
            return -1;
        }
        try {
            return Math.multiplyExact(Long.parseLong(text.substring(0, digitsEnd)), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            return -1;
        }
    }

    /** {@code 90s} → {@code 1m30s}; the inverse of {@link #parseDuration}, for messages. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis == 0) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        for (int unit = 0; unit < DURATION_UNITS.length; unit++) {
            long amount = millis / DURATION_UNIT_MILLIS[unit];
            if (amount > 0) {
                out.append(amount).append(DURATION_UNITS[unit]);
                millis -= amount * DURATION_UNIT_MILLIS[unit];
            }
        }
        return out.toString();
    }

    private static int digitsEnd(String text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }
}
