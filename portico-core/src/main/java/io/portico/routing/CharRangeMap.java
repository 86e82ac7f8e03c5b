package io.portico.routing;

import java.util.function.Consumer;

/**
 * An open-addressing map from strings to values that is queried with a range of a larger string,
 * so that looking up a path segment or a host suffix allocates nothing.
 *
 * <p>The hash is {@link String#hashCode()}'s, so a caller that scans a range anyway (the trie walk
 * looking for the next {@code /}) can compute it on the way with {@link #hashStep}. With
 * {@code foldCase}, keys must be stored lower-case and queries hash and compare ASCII letters
 * lower-cased. Mutable while a table is compiled, read-only afterwards.
 */
final class CharRangeMap<V> {

    private final boolean foldCase;
    private String[] keys = new String[8];
    private int[] hashes = new int[8];
    private Object[] values = new Object[8];
    private int size;

    CharRangeMap(boolean foldCase) {
        this.foldCase = foldCase;
    }

    static int hashStep(int hash, char c) {
        return 31 * hash + c;
    }

    static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    int size() {
        return size;
    }

    V get(String s, int from, int to) {
        int h = 0;
        if (foldCase) {
            for (int i = from; i < to; i++) {
                h = hashStep(h, lowerAscii(s.charAt(i)));
            }
        } else {
            for (int i = from; i < to; i++) {
                h = hashStep(h, s.charAt(i));
            }
        }
        return get(s, from, to, h);
    }

    /** {@code hash} must be the hash of the (case-folded) range, as computed by {@link #hashStep}. */
    @SuppressWarnings("unchecked")
    V get(String s, int from, int to, int hash) {
        int mask = keys.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            String key = keys[i];
            if (key == null) {
                return null;
            }
            if (hashes[i] == hash && sameChars(key, s, from, to)) {
                return (V) values[i];
            }
        }
    }

    void put(String key, V value) {
        int h = key.hashCode();
        if ((size + 1) * 2 > keys.length) {
            grow();
        }
        if (insert(keys, hashes, values, key, h, value)) {
            size++;
        }
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                action.accept((V) values[i]);
            }
        }
    }

    private boolean sameChars(String key, String s, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = s.charAt(from + i);
            if (key.charAt(i) != (foldCase ? lowerAscii(c) : c)) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        String[] newKeys = new String[keys.length * 2];
        int[] newHashes = new int[newKeys.length];
        Object[] newValues = new Object[newKeys.length];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) {
                insert(newKeys, newHashes, newValues, keys[i], hashes[i], values[i]);
            }
        }
        keys = newKeys;
        hashes = newHashes;
        values = newValues;
    }

    private static boolean insert(String[] keys, int[] hashes, Object[] values, String key, int hash, Object value) {
        int mask = keys.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            if (keys[i] == null) {
                keys[i] = key;
                hashes[i] = hash;
                values[i] = value;
                return true;
            }
            if (hashes[i] == hash && keys[i].equals(key)) {
                values[i] = value;
                return false;
            }
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
