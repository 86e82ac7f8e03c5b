package io.portico.config;

/** A size in bytes, written in config as {@code 512B}, {@code 16KB}, {@code 10MB} or {@code 1GB} (powers of 1024). */
public record DataSize(long bytes) {

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKilobytes(long kilobytes) {
        return new DataSize(Math.multiplyExact(kilobytes, 1024L));
    }

    public static DataSize ofMegabytes(long megabytes) {
        return new DataSize(Math.multiplyExact(megabytes, 1024L * 1024L));
    }

    /** Bytes as an int, saturated at {@link Integer#MAX_VALUE}, for APIs that take ints. */
    public int bytesAsInt() {
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    @Override
    public String toString() {
        if (bytes != 0 && bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + "GB";
        }
        if (bytes != 0 && bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + "MB";
        }
        if (bytes != 0 && bytes % 1024L == 0) {
            return bytes / 1024L + "KB";
        }
        return bytes + "B";
    }
}
