package io.portico.plugins.iprestriction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressBlocksTest {

    @Test
    void matchesIpv4BlocksByPrefix() {
        AddressBlocks blocks = AddressBlocks.of(List.of("10.0.0.0/8", "192.168.1.0/25", "203.0.113.7"));

        assertThat(contains(blocks, "10.0.0.1")).isTrue();
        assertThat(contains(blocks, "10.255.255.255")).isTrue();
        assertThat(contains(blocks, "11.0.0.0")).isFalse();
        assertThat(contains(blocks, "192.168.1.127")).isTrue();
        assertThat(contains(blocks, "192.168.1.128")).isFalse();
        assertThat(contains(blocks, "203.0.113.7")).isTrue();
        assertThat(contains(blocks, "203.0.113.8")).isFalse();
    }

    @Test
    void matchesIpv6BlocksByPrefix() {
        AddressBlocks blocks = AddressBlocks.of(List.of("2001:db8:0:1::/64", "fd00::/8", "::1", "2001:db8:f8::/45"));

        assertThat(contains(blocks, "2001:db8:0:1:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(contains(blocks, "2001:db8:0:2::1")).isFalse();
        assertThat(contains(blocks, "fdff::1")).isTrue();
        assertThat(contains(blocks, "fe00::1")).isFalse();
        assertThat(contains(blocks, "::1")).isTrue();
        assertThat(contains(blocks, "::2")).isFalse();
        // /45 ends inside the third group: 0x00f8..0x00ff are inside.
        assertThat(contains(blocks, "2001:db8:ff::1")).isTrue();
        assertThat(contains(blocks, "2001:db8:f8::1")).isTrue();
        assertThat(contains(blocks, "2001:db8:f7::1")).isFalse();
        assertThat(contains(blocks, "2001:db8:100::1")).isFalse();
    }

    @Test
    void treatsIpv4MappedAddressesAsIpv4() {
        AddressBlocks ipv4 = AddressBlocks.of(List.of("10.0.0.0/8"));
        AddressBlocks mapped = AddressBlocks.of(List.of("::ffff:192.168.0.0/112"));

        assertThat(contains(ipv4, "::ffff:10.1.2.3")).isTrue();
        assertThat(contains(ipv4, "::ffff:11.1.2.3")).isFalse();
        assertThat(contains(mapped, "192.168.4.5")).isTrue();
        assertThat(contains(mapped, "192.169.4.5")).isFalse();
        // An IPv4 block never matches a plain IPv6 address with the same low bytes.
        assertThat(contains(ipv4, "::a01:203")).isFalse();
    }

    @Test
    void coversEveryAddressWithTheWholeSpace() {
        assertThat(contains(AddressBlocks.of(List.of("::/0")), "203.0.113.7")).isTrue();
        assertThat(contains(AddressBlocks.of(List.of("::/0")), "2001:db8::1")).isTrue();
        assertThat(contains(AddressBlocks.of(List.of("0.0.0.0/0")), "203.0.113.7")).isTrue();
        assertThat(contains(AddressBlocks.of(List.of("0.0.0.0/0")), "2001:db8::1")).isFalse();
    }

    @Test
    void emptyBlocksContainNothing() {
        assertThat(AddressBlocks.NONE.isEmpty()).isTrue();
        assertThat(contains(AddressBlocks.NONE, "127.0.0.1")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/8", "10.0.0.1", "10.0.0.1/32", "0.0.0.0/0", "::/0", "::1", "fd00::/8",
        "2001:db8::/32", "::ffff:10.0.0.0/104", "172.16.0.0/12"})
    void acceptsAddressesAndBlocks(String block) {
        assertThat(AddressBlocks.isValid(block)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.1/8", "fd00::1/8", "10.0.0.0/33", "::/129", "10.0.0.0/08", "10.0.0.0/", "10.0.0.0/-1",
        "10.0.0.0/8/8", "localhost", "localhost/8", "10.0.0.0 /8", "*", "10.0.0.*"})
    void refusesBlocksWithHostBitsOrBadPrefixes(String block) {
        assertThat(AddressBlocks.isValid(block)).isFalse();
        assertThatThrownBy(() -> AddressBlocks.of(List.of(block)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(expected: " + AddressBlocks.RULE + ")");
    }

    private static boolean contains(AddressBlocks blocks, String address) {
        return blocks.contains(IpLiteral.parse(address));
    }
}
