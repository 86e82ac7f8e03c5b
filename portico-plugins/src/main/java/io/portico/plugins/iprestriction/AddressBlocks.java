package io.portico.plugins.iprestriction;

import java.util.List;

/**
 * An immutable list of CIDR blocks in one 128-bit space: IPv4 {@code a.b.c.d/n} is the IPv4-mapped
 * block {@code ::ffff:a.b.c.d/(96+n)}, so IPv4 clients (and IPv4-mapped ones, as a dual-stack socket
 * reports them) match IPv4 blocks, and an IPv6 block that covers {@code ::ffff:0:0/96} (such as
 * {@code ::/0}) covers every IPv4 address, the same rule {@code proxy.trusted_proxies} follows.
 *
 * <p>{@link #contains} compares bytes against precomputed networks; safe from any thread.
 */
final class AddressBlocks {

    static final String RULE = "an IP address or CIDR block such as 10.0.0.0/8 or fd00::/8, without host bits set";
    static final AddressBlocks NONE = new AddressBlocks(List.of(), new byte[0][], new int[0]);

    private final List<String> written;
    private final byte[][] networks;
    private final int[] prefixes;

    private AddressBlocks(List<String> written, byte[][] networks, int[] prefixes) {
        this.written = written;
        this.networks = networks;
        this.prefixes = prefixes;
    }

    /** The blocks; every entry must be {@link #isValid valid}. */
    static AddressBlocks of(List<String> blocks) {
        byte[][] networks = new byte[blocks.size()][];
        int[] prefixes = new int[blocks.size()];
        for (int i = 0; i < blocks.size(); i++) {
            Block block = Block.parse(blocks.get(i));
            if (block == null) {
                throw new IllegalArgumentException("\"" + blocks.get(i) + "\" (expected: " + RULE + ")");
            }
            networks[i] = block.network;
            prefixes[i] = block.prefix;
        }
        return new AddressBlocks(List.copyOf(blocks), networks, prefixes);
    }

    static boolean isValid(String block) {
        return Block.parse(block) != null;
    }

    boolean isEmpty() {
        return networks.length == 0;
    }

    /** @param address 16 bytes from {@link IpLiteral#parse} */
    boolean contains(byte[] address) {
        for (int i = 0; i < networks.length; i++) {
            if (inBlock(address, networks[i], prefixes[i])) {
                return true;
            }
        }
        return false;
    }

    private static boolean inBlock(byte[] address, byte[] network, int prefix) {
        int whole = prefix >>> 3;
        for (int i = 0; i < whole; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int bits = prefix & 7;
        if (bits == 0) {
            return true;
        }
        int mask = (0xff << (8 - bits)) & 0xff;
        return (address[whole] & mask) == (network[whole] & 0xff); // networks have no host bits
    }

    @Override
    public String toString() {
        return written.toString();
    }

    private record Block(byte[] network, int prefix) {

        /** The block, or null when the text is not a literal address with an optional valid prefix. */
        static Block parse(String text) {
            if (text == null) {
                return null;
            }
            int slash = text.indexOf('/');
            byte[] network = IpLiteral.parse(slash < 0 ? text : text.substring(0, slash));
            if (network == null) {
                return null;
            }
            boolean ipv4 = text.indexOf(':') < 0;
            int maxPrefix = ipv4 ? 32 : 128;
            int prefix = maxPrefix;
            if (slash >= 0) {
                prefix = prefixLength(text.substring(slash + 1), maxPrefix);
                if (prefix < 0) {
                    return null;
                }
            }
            if (ipv4) {
                prefix += 96;
            }
            return hasHostBits(network, prefix) ? null : new Block(network, prefix);
        }

        private static int prefixLength(String text, int max) {
            if (text.isEmpty() || text.length() > 3 || (text.length() > 1 && text.charAt(0) == '0')) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                value = value * 10 + (c - '0');
            }
            return value <= max ? value : -1;
        }

        private static boolean hasHostBits(byte[] network, int prefix) {
            for (int bit = prefix; bit < IpLiteral.LENGTH * 8; bit++) {
                if ((network[bit >>> 3] & (0x80 >>> (bit & 7))) != 0) {
                    return true;
                }
            }
            return false;
        }
    }
}
