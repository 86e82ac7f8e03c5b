package io.portico.plugins.iprestriction;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Literal IP addresses as 16 bytes, IPv4 {@code a.b.c.d} as the IPv4-mapped {@code ::ffff:a.b.c.d},
 * so that one comparison serves both families. Never resolves a name: IPv4 is parsed here (strict
 * dotted quad, no leading zeros, which some parsers read as octal), and only text that the JDK is
 * certain to treat as an IPv6 literal reaches {@link InetAddress#getByName}.
 */
final class IpLiteral {

    static final int LENGTH = 16;
    /** Where an IPv4 address sits inside its mapped form. */
    static final int IPV4_OFFSET = 12;

    private IpLiteral() {}

    /** The 16 bytes of the address, or null when the text is not a literal address. */
    static byte[] parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return text.indexOf(':') < 0 ? parseIpv4(text) : parseIpv6(text);
    }

    private static byte[] parseIpv4(String text) {
        byte[] out = mappedPrefix();
        int part = 0;
        int i = 0;
        while (true) {
            int start = i;
            int value = 0;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
                if (i - start > 3) {
                    return null;
                }
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(start) == '0')) {
                return null;
            }
            out[IPV4_OFFSET + part++] = (byte) value;
            if (i == text.length()) {
                return part == 4 ? out : null;
            }
            if (part == 4 || text.charAt(i) != '.') {
                return null;
            }
            i++;
        }
    }

    private static byte[] parseIpv6(String text) {
        // InetAddress takes text that starts with a hex digit or ':' and contains ':' as an IPv6
        // literal and throws when it is not one; it resolves names only outside that case.
        char first = text.charAt(0);
        if (first != ':' && Character.digit(first, 16) < 0) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ':' && c != '.' && Character.digit(c, 16) < 0) {
                return null; // also refuses zone ids (%eth0) and brackets
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            return null;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            // The JDK turns ::ffff:a.b.c.d into an IPv4 address.
            byte[] out = mappedPrefix();
            System.arraycopy(bytes, 0, out, IPV4_OFFSET, 4);
            return out;
        }
        return bytes;
    }

    private static byte[] mappedPrefix() {
        byte[] out = new byte[LENGTH];
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        return out;
    }
}
