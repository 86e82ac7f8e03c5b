package io.portico.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.net.CidrSet;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private static final CidrSet TRUSTED = CidrSet.of(List.of("10.0.0.0/8", "::1/128"));

    @Test
    void trustsOnlyPeersInsideTrustedProxies() {
        assertThat(ClientAddresses.isTrusted(TRUSTED, new InetSocketAddress("10.1.2.3", 80))).isTrue();
        assertThat(ClientAddresses.isTrusted(TRUSTED, new InetSocketAddress("192.168.1.1", 80))).isFalse();
        assertThat(ClientAddresses.isTrusted(CidrSet.EMPTY, new InetSocketAddress("10.1.2.3", 80))).isFalse();
    }

    @Test
    void takesTheRightMostAddressThatIsNotATrustedProxy() {
        assertThat(ClientAddresses.clientIpBehindTrustedPeer("10.0.0.1", "6.6.6.6, 203.0.113.7, 10.9.9.9", TRUSTED))
                .isEqualTo("203.0.113.7");
    }

    @Test
    void fallsBackToThePeerWhenTheChainHasNothingUsable() {
        assertThat(ClientAddresses.clientIpBehindTrustedPeer("10.0.0.1", null, TRUSTED)).isEqualTo("10.0.0.1");
        assertThat(ClientAddresses.clientIpBehindTrustedPeer("10.0.0.1", "10.2.2.2, 10.3.3.3", TRUSTED))
                .isEqualTo("10.0.0.1");
        // A name is never resolved: the chain is not believed past it.
        assertThat(ClientAddresses.clientIpBehindTrustedPeer("10.0.0.1", "evil.example, 10.3.3.3", TRUSTED))
                .isEqualTo("10.0.0.1");
    }

    @Test
    void writesIpv6InCanonicalForm() {
        assertThat(ClientAddresses.clientIpBehindTrustedPeer("::1", "2001:DB8:0:0:0:0:0:1", TRUSTED))
                .isEqualTo("2001:db8::1");
    }
}
