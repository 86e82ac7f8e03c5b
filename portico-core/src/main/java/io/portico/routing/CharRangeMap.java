package io.portico.routing;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * An open-addressing map from strings to values that is queried with a range of a larger string,
 * so that looking up a path segment or a host suffix allocates nothing.
 *
 * <p>The hash is {@link String#hashCode()}'s, so a caller that scans a range anyway (the trie walk
 * looking for the next {@code /}) can compute it on the way with {@link #hashStep}. Keys are kept
 * as {@code char[]} next to their values in one array: with thousands of routes a lookup is bound
 * by cache misses, not by arithmetic, and this saves the hops to a String and its byte array.
 * With {@code foldCase}, keys must be stored lower-case and queries hash and compare ASCII letters
 * lower-cased. Mutable while a table is compiled, read-only afterwards.
 */
final class CharRangeMap<V> {

    private final boolean foldCase;
    /** {@code [key0, value0, key1, value1, ...]}; the slot count is a power of two. */
    private Object[] table = new Object[2 * 4];
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
        return (V) find(table, foldCase, s, from, to, hash);
    }

    /**
     * The backing array, for a caller that keeps it in its own field and queries it with
     * {@link #find} to save one indirection per lookup. Valid until the next {@link #put}.
     */
    Object[] table() {
        return table;
    }

    static Object find(Object[] table, boolean foldCase, String s, int from, int to, int hash) {
        int mask = (table.length >> 1) - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            char[] key = (char[]) table[2 * i];
            if (key == null) {
                return null;
            }
            if (key.length == to - from && sameChars(foldCase, key, s, from)) {
                return table[2 * i + 1];
            }
        }
    }

    void put(String key, V value) {
        if ((size + 1) * 4 > table.length) {
            Object[] old = table;
            table = new Object[old.length * 2];
            for (int i = 0; i < old.length; i += 2) {
                if (old[i] != null) {
                    insert(table, (char[]) old[i], old[i + 1]);
                }
            }
        }
        if (insert(table, key.toCharArray(), value)) {
            size++;
        }
    }

    @SuppressWarnings("unchecked")
    void forEachValue(Consumer<V> action) {
        for (int i = 0; i < table.length; i += 2) {
            if (table[i] != null) {
                action.accept((V) table[i + 1]);
            }
        }
    }

    private static boolean sameChars(boolean foldCase, char[] key, String s, int from) {
        if (foldCase) {
            for (int i = 0; i < key.length; i++) {
                if (key[i] != lowerAscii(s.charAt(from + i))) {
                    return false;
                }
            }
        } else {
            for (int i = 0; i < key.length; i++) {
                if (key[i] != s.charAt(from + i)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Returns whether the key was new. */
    private static boolean insert(Object[] table, char[] key, Object value) {
        int hash = 0;
        for (char c : key) {
            hash = hashStep(hash, c);
        }
        int mask = (table.length >> 1) - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            if (table[2 * i] == null) {
                table[2 * i] = key;
                table[2 * i + 1] = value;
                return true;
            }
            if (Arrays.equals((char[]) table[2 * i], key)) {
                table[2 * i + 1] = value;
                return false;
            }
        }
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
