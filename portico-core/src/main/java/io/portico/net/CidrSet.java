package io.portico.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of IPv4 and IPv6 CIDR blocks ({@code 10.0.0.0/8}, {@code fd00::/8}; a bare
 * address is a /32 or /128), parsed from literals only — never DNS.
 *
 * <p>Every address lives in one 128-bit space: IPv4 {@code a.b.c.d} is the IPv4-mapped IPv6
 * address {@code ::ffff:a.b.c.d} and an IPv4 /n is a /(96+n). So a mapped address (as a dual-stack
 * socket reports an IPv4 client) matches IPv4 blocks, and an IPv4 address matches mapped blocks.
 * A consequence worth knowing: an IPv6 block containing {@code ::ffff:0:0/96}, such as
 * {@code ::/0}, contains every IPv4 address.
 *
 * <p>{@link #contains(InetAddress)} is a scan over primitive arrays, safe from any thread; IPv4
 * lookups allocate nothing, IPv6 lookups copy the 16 address bytes (the JDK has no other accessor).
 */
public final class CidrSet {

    /** The rule, for {@code "x" (expected: RULE)} messages. */
    public static final String RULE =
            "an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8, without host bits set";

    public static final CidrSet EMPTY = new CidrSet(List.of(), new long[0], new long[0], new long[0], new long[0]);

    private static final long MAPPED_PREFIX = 0xffffL << 32;
    /** Inet4Address.hashCode() is the address itself in every JDK; checked once rather than assumed. */
    private static final boolean V4_HASH_IS_ADDRESS = v4HashIsAddress();

    private final List<String> blocks;
    private final long[] networkHigh;
    private final long[] networkLow;
    private final long[] maskHigh;
    private final long[] maskLow;

    private CidrSet(List<String> blocks, long[] networkHigh, long[] networkLow, long[] maskHigh, long[] maskLow) {
        this.blocks = blocks;
        this.networkHigh = networkHigh;
        this.networkLow = networkLow;
        this.maskHigh = maskHigh;
        this.maskLow = maskLow;
    }

    /**
     * Parses the blocks.
     *
     * @throws IllegalArgumentException for the first invalid one, {@code "x" (expected: RULE)}
     */
    public static CidrSet of(Collection<String> cidrs) {
        int n = cidrs.size();
        long[] networkHigh = new long[n];
        long[] networkLow = new long[n];
        long[] maskHigh = new long[n];
        long[] maskLow = new long[n];
        int i = 0;
        for (String cidr : cidrs) {
            long[] block = parse(cidr);
            if (block == null) {
                throw new IllegalArgumentException("\"" + cidr + "\" (expected: " + RULE + ")");
            }
            networkHigh[i] = block[0];
            networkLow[i] = block[1];
            maskHigh[i] = block[2];
            maskLow[i] = block[3];
            i++;
        }
        return new CidrSet(List.copyOf(cidrs), networkHigh, networkLow, maskHigh, maskLow);
    }

    /** True for {@code 10.0.0.0/8}, {@code 192.168.1.7}, {@code fd00::/8}, {@code ::1}; false for names. */
    public static boolean isValidCidr(String text) {
        return text != null && parse(text) != null;
    }

    public boolean contains(InetAddress address) {
        if (address instanceof Inet4Address) {
            int v4 = V4_HASH_IS_ADDRESS ? address.hashCode() : toInt(address.getAddress(), 0);
            return contains(0L, MAPPED_PREFIX | (v4 & 0xffffffffL));
        }
        return contains(address.getAddress());
    }

    /** Network-order address bytes: 4 (IPv4) or 16 (IPv6); anything else is not contained. */
    public boolean contains(byte[] address) {
        if (address.length == 4) {
            return contains(0L, MAPPED_PREFIX | (toInt(address, 0) & 0xffffffffL));
        }
        if (address.length == 16) {
            return contains(toLong(address, 0), toLong(address, 8));
        }
        return false;
    }

    private boolean contains(long high, long low) {
        for (int i = 0; i < networkHigh.length; i++) {
            if ((high & maskHigh[i]) == networkHigh[i] && (low & maskLow[i]) == networkLow[i]) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    /** The blocks as given. */
    public List<String> blocks() {
        return blocks;
    }

    @Override
    public String toString() {
        return blocks.toString();
    }

    /** {networkHigh, networkLow, maskHigh, maskLow}, or null when not a valid block. */
    private static long[] parse(String text) {
        int slash = text.indexOf('/');
        String addressText = slash < 0 ? text : text.substring(0, slash);
        long[] address = new long[2];
        int bits;
        if (addressText.indexOf(':') >= 0) {
            if (!parseIpv6(addressText, address)) {
                return null;
            }
            bits = 128;
        } else {
            long v4 = parseIpv4(addressText);
            if (v4 < 0) {
                return null;
            }
            address[1] = MAPPED_PREFIX | v4;
            bits = 32;
        }
        int prefix = bits;
        if (slash >= 0) {
            prefix = decimal(text, slash + 1, text.length(), bits);
            if (prefix < 0) {
                return null;
            }
        }
        int prefix128 = prefix + (128 - bits);
        long maskHigh = prefix128 >= 64 ? -1L : prefix128 == 0 ? 0L : -1L << (64 - prefix128);
        long maskLow = prefix128 <= 64 ? 0L : prefix128 == 128 ? -1L : -1L << (128 - prefix128);
        if ((address[0] & ~maskHigh) != 0 || (address[1] & ~maskLow) != 0) {
            return null; // host bits set: 10.0.0.1/8 is almost always a typo for 10.0.0.0/8 or 10.0.0.1/32
        }
        return new long[] {address[0], address[1], maskHigh, maskLow};
    }

    /** Dotted quad without leading zeros, as an unsigned value; -1 when invalid. */
    private static long parseIpv4(String text) {
        long value = 0;
        int start = 0;
        for (int part = 0; part < 4; part++) {
            int end = part < 3 ? text.indexOf('.', start) : text.length();
            if (end < 0) {
                return -1;
            }
            int octet = decimal(text, start, end, 255);
            if (octet < 0) {
                return -1;
            }
            value = (value << 8) | octet;
            start = end + 1;
        }
        return value;
    }

    /** RFC 4291 text: eight groups, one {@code ::}, optionally a dotted quad at the end; no zone. */
    private static boolean parseIpv6(String text, long[] out) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        if (text.startsWith("::")) {
            gap = 0;
            i = 2;
        } else if (text.startsWith(":")) {
            return false;
        }
        while (i < text.length()) {
            int end = i;
            while (end < text.length() && text.charAt(end) != ':') {
                end++;
            }
            String group = text.substring(i, end);
            if (group.indexOf('.') >= 0) {
                long v4 = end == text.length() && count <= 6 ? parseIpv4(group) : -1;
                if (v4 < 0) {
                    return false;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = end;
                break;
            }
            if (group.isEmpty() || group.length() > 4 || count == 8) {
                return false;
            }
            int value = 0;
            for (int j = 0; j < group.length(); j++) {
                int digit = Character.digit(group.charAt(j), 16);
                if (digit < 0) {
                    return false;
                }
                value = value * 16 + digit;
            }
            groups[count++] = value;
            if (end == text.length()) {
                i = end;
            } else if (text.startsWith("::", end)) {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i = end + 2;
            } else {
                i = end + 1;
                if (i == text.length()) {
                    return false; // a trailing single colon
                }
            }
        }
        if (i != text.length() || (gap < 0 ? count != 8 : count > 7)) {
            return false;
        }
        int[] full = new int[8];
        if (gap < 0) {
            full = groups;
        } else {
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - (count - gap), count - gap);
        }
        out[0] = ((long) full[0] << 48) | ((long) full[1] << 32) | ((long) full[2] << 16) | full[3];
        out[1] = ((long) full[4] << 48) | ((long) full[5] << 32) | ((long) full[6] << 16) | full[7];
        return true;
    }

    /** A decimal in 0..max without sign or leading zeros, from text[start, end); -1 when invalid. */
    private static int decimal(String text, int start, int end, int max) {
        if (end <= start || end - start > 3 || (end - start > 1 && text.charAt(start) == '0')) {
            return -1;
        }
        int value = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= max ? value : -1;
    }

    private static int toInt(byte[] bytes, int offset) {
        return ((bytes[offset] & 0xff) << 24) | ((bytes[offset + 1] & 0xff) << 16)
                | ((bytes[offset + 2] & 0xff) << 8) | (bytes[offset + 3] & 0xff);
    }

    private static long toLong(byte[] bytes, int offset) {
        return ((long) toInt(bytes, offset) << 32) | (toInt(bytes, offset + 4) & 0xffffffffL);
    }

    private static boolean v4HashIsAddress() {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) 192, (byte) 168, 1, 2}).hashCode() == 0xc0a80102
                    && InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) 255}).hashCode() == 0x0a0000ff;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
