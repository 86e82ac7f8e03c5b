package io.portico.upstream.lb;

/**
 * A 64-bit hash of text: MurmurHash3 (x64) block mixing applied to the UTF-16 code units, four per 64-bit
 * block, with MurmurHash3's finalizer. It reads the string in place (no byte encoding, no allocation). Its
 * values differ from byte-oriented MurmurHash3 implementations; they are only ever compared with each other
 * inside one process, and are stable across runs and JVMs (unlike {@code String.hashCode}, they also spread
 * well over all 64 bits).
 */
final class Hash64 {

    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long SEED = 0x9e3779b97f4a7c15L;

    private Hash64() {}

    static long hash(CharSequence text) {
        int length = text.length();
        long h = SEED;
        int i = 0;
        for (; i + 4 <= length; i += 4) {
            long k = text.charAt(i)
                    | (long) text.charAt(i + 1) << 16
                    | (long) text.charAt(i + 2) << 32
                    | (long) text.charAt(i + 3) << 48;
            h ^= mixBlock(k);
            h = Long.rotateLeft(h, 27) * 5 + 0x52dce729;
        }
        if (i < length) {
            long k = 0;
            for (int shift = 0; i < length; i++, shift += 16) {
                k |= (long) text.charAt(i) << shift;
            }
            h ^= mixBlock(k);
        }
        h ^= length;
        return fmix64(h);
    }

    /** A well-spread 64-bit value from {@code base} and a small index, as for virtual nodes. */
    static long derive(long base, int index) {
        return fmix64(base + (index + 1) * SEED);
    }

    private static long mixBlock(long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        return k * C2;
    }

    static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
