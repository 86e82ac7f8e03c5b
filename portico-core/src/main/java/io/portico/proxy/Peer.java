package io.portico.proxy;

import io.netty.channel.Channel;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/**
 * The other end of a client connection, as the data path needs it: its address as text, whether it is
 * a trusted proxy under {@code snapshot}'s trusted_proxies, and the listener port it connected to.
 * Constant for a connection (per snapshot), so it is computed once rather than per request.
 */
record Peer(InetSocketAddress address, String ip, boolean trusted, int listenerPort, GatewaySnapshot snapshot) {

    static Peer of(Channel channel, GatewaySnapshot snapshot) {
        InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
        InetSocketAddress local = (InetSocketAddress) channel.localAddress();
        String ip = remote == null ? "unknown" : NetUtil.toAddressString(remote.getAddress());
        return new Peer(remote, ip, ClientAddresses.isTrusted(snapshot.trustedProxies(), remote),
                local == null ? 0 : local.getPort(), snapshot);
    }
}
