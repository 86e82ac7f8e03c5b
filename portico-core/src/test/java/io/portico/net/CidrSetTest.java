package io.portico.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrSetTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // literals only: no lookup happens
    }

    /** An Inet6Address holding ::ffff:a.b.c.d, which InetAddress.getByName would turn into an Inet4Address. */
    private static InetAddress mapped(int a, int b, int c, int d) throws Exception {
        byte[] bytes = new byte[16];
        bytes[10] = (byte) 0xff;
        bytes[11] = (byte) 0xff;
        bytes[12] = (byte) a;
        bytes[13] = (byte) b;
        bytes[14] = (byte) c;
        bytes[15] = (byte) d;
        return Inet6Address.getByAddress(null, bytes, -1);
    }

    @Test
    void matchesIpv4Blocks() throws Exception {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "192.168.1.0/24", "203.0.113.7"));

        assertThat(set.contains(ip("10.255.1.2"))).isTrue();
        assertThat(set.contains(ip("192.168.1.200"))).isTrue();
        assertThat(set.contains(ip("203.0.113.7"))).isTrue();
        assertThat(set.contains(ip("11.0.0.1"))).isFalse();
        assertThat(set.contains(ip("192.168.2.1"))).isFalse();
        assertThat(set.contains(ip("203.0.113.8"))).isFalse();
    }

    @Test
    void matchesIpv6Blocks() throws Exception {
        CidrSet set = CidrSet.of(List.of("fd00::/8", "2001:db8:0:1::/64", "::1"));

        assertThat(set.contains(ip("fd12:3456::1"))).isTrue();
        assertThat(set.contains(ip("2001:db8:0:1:ffff::1"))).isTrue();
        assertThat(set.contains(ip("::1"))).isTrue();
        assertThat(set.contains(ip("fe00::1"))).isFalse();
        assertThat(set.contains(ip("2001:db8:0:2::1"))).isFalse();
        assertThat(set.contains(ip("::2"))).isFalse();
        assertThat(set.contains(ip("127.0.0.1"))).isFalse();
    }

    @Test
    void treatsIpv4MappedAddressesAsIpv4() throws Exception {
        CidrSet v4 = CidrSet.of(List.of("10.0.0.0/8"));

        assertThat(v4.contains(mapped(10, 1, 2, 3))).isTrue();
        assertThat(v4.contains(mapped(11, 1, 2, 3))).isFalse();
        assertThat(v4.contains(ip("::ffff:10.9.9.9"))).isTrue();
    }

    @Test
    void matchesIpv4AddressesAgainstMappedBlocks() throws Exception {
        CidrSet set = CidrSet.of(List.of("::ffff:10.0.0.0/104"));

        assertThat(set.contains(ip("10.1.2.3"))).isTrue();
        assertThat(set.contains(mapped(10, 1, 2, 3))).isTrue();
        assertThat(set.contains(ip("11.1.2.3"))).isFalse();
    }

    @Test
    void matchesEverythingWithZeroPrefixes() throws Exception {
        CidrSet v4 = CidrSet.of(List.of("0.0.0.0/0"));

        assertThat(v4.contains(ip("1.2.3.4"))).isTrue();
        assertThat(v4.contains(ip("255.255.255.255"))).isTrue();
        assertThat(v4.contains(ip("2001:db8::1"))).isFalse();
        assertThat(CidrSet.of(List.of("::/0")).contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void matchesRawAddressBytes() {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "fd00::/8"));

        assertThat(set.contains(new byte[] {10, 0, 0, 1})).isTrue();
        assertThat(set.contains(new byte[] {(byte) 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})).isTrue();
        assertThat(set.contains(new byte[] {11, 0, 0, 1})).isFalse();
        assertThat(set.contains(new byte[] {10, 0, 0})).isFalse();
    }

    @Test
    void allocatesNothingPerIpv4Lookup() throws Exception {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "192.168.0.0/16", "fd00::/8"));
        InetAddress client = ip("192.168.7.7");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        int hits = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            hits += set.contains(client) ? 1 : 0;
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isEqualTo(100_000);
        assertThat(allocated).isLessThan(1024); // 100k lookups copying 4 bytes each would be megabytes
    }

    @Test
    void emptySetContainsNothing() throws Exception {
        assertThat(CidrSet.EMPTY.contains(ip("10.0.0.1"))).isFalse();
        assertThat(CidrSet.EMPTY.isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "10.0.0.1", "0.0.0.0/0", "10.0.0.1/32", "::", "::1", "::/0", "fd00::/8",
            "2001:db8::/32", "2001:0db8:0000:0000:0000:0000:0000:0001", "1:2:3:4:5:6:7::", "::ffff:10.0.0.1",
            "::ffff:10.0.0.0/104", "1:2:3:4:5:6:1.2.3.4", "FD00::/8"})
    void acceptsValidBlocks(String text) {
        assertThat(CidrSet.isValidCidr(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "localhost", "example.com", "10.0.0.1/8", "10.0.0.0/33", "10.0.0.0/", "10.0.0/8",
            "10.0.0.256", "010.0.0.1", "10.0.0.0/08", "1234", "0x0a.0.0.1", "10.0.0.1 ", "::1/129", ":::",
            "1::2::3", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "12345::", "fe80::1%eth0", "::1:", ":1::",
            "g::1", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3", "fd00::1/8", "[::1]"})
    void rejectsInvalidBlocks(String text) {
        assertThat(CidrSet.isValidCidr(text)).isFalse();
    }

    @Test
    void namesTheFirstInvalidBlock() {
        assertThatThrownBy(() -> CidrSet.of(List.of("10.0.0.0/8", "nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"nope\" (expected: " + CidrSet.RULE + ")");
    }
}
