package io.portico.proxy;

import io.netty.util.NetUtil;
import io.portico.net.CidrSet;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Who the client is. The peer address is the client unless the peer is a trusted proxy; then the
 * X-Forwarded-For chain is read from the right, skipping trusted proxies, and the first address that
 * is not trusted is the client. A client's own X-Forwarded-For is never believed.
 */
final class ClientAddresses {

    private ClientAddresses() {}

    static boolean isTrusted(CidrSet trusted, InetSocketAddress peer) {
        return trusted != null && peer != null && trusted.contains(peer.getAddress());
    }

    /**
     * The client IP behind a trusted peer: the right-most X-Forwarded-For entry that is not itself a
     * trusted proxy, or {@code peerIp} when there is none (or an entry is not a literal address).
     */
    static String clientIpBehindTrustedPeer(String peerIp, String forwardedFor, CidrSet trusted) {
        if (forwardedFor == null || forwardedFor.isEmpty()) {
            return peerIp;
        }
        int end = forwardedFor.length();
        while (end > 0) {
            int comma = forwardedFor.lastIndexOf(',', end - 1);
            String candidate = forwardedFor.substring(comma + 1, end).trim();
            end = comma < 0 ? 0 : comma;
            // Literal addresses only: NetUtil never resolves names, so a hostile entry costs no DNS lookup.
            InetAddress address = NetUtil.createInetAddressFromIpAddressString(candidate);
            if (address == null) {
                return peerIp;
            }
            if (!trusted.contains(address)) {
                return NetUtil.toAddressString(address);
            }
        }
        return peerIp;
    }
}
