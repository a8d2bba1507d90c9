package io.socketchat.web;

import io.socketchat.server.Cidr;
import org.eclipse.jetty.server.Request;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;

/**
 * The address a request comes from, for the per-address limit and the logs. Behind a trusted
 * proxy that is the nearest address in {@code X-Forwarded-For} that is not itself a trusted
 * proxy (read from the right, since a client can put anything on the left). From any other
 * peer the header is ignored.
 *
 * <p>Whether the client's bytes are encrypted ({@link Client#secure}) decides whether a password
 * may be sent on the session. A TLS connection to this server (the HTTPS port) is. A plain
 * connection from a trusted proxy is when the proxy says it received TLS: every value of its
 * {@code X-Forwarded-Proto} is {@code https} (a chain of proxies that appended {@code http}
 * anywhere is not). The hop from the proxy to this server is the operator's own network,
 * which {@code --trusted-proxies} already vouches for. From any other peer that header, too, is
 * ignored, so a client cannot claim TLS it does not have.
 */
final class ClientAddress {

    private final List<Cidr> trustedProxies;

    ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /**
     * The client's address, its text for logs ({@code 203.0.113.7} or {@code 127.0.0.1:50312}),
     * and whether its bytes travel encrypted as far as this server or a trusted proxy.
     */
    record Client(InetAddress address, String text, boolean secure) {
    }

    Client of(Request request) {
        SocketAddress socket = request.getConnectionMetaData().getRemoteSocketAddress();
        InetSocketAddress peer = (InetSocketAddress) socket;
        boolean tls = request.getConnectionMetaData().isSecure();
        Client direct = new Client(peer.getAddress(), peer.getAddress().getHostAddress() + ":" + peer.getPort(), tls);
        if (trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, peer.getAddress())) {
            return direct;
        }
        boolean secure = tls || forwardedOverTls(request);
        List<String> hops = request.getHeaders().getValuesList("X-Forwarded-For").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(hop -> !hop.isEmpty())
                .toList();
        InetAddress client = null;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hop;
            if (!Cidr.anyContains(trustedProxies, hop)) {
                break;
            }
        }
        if (client == null) {
            return new Client(direct.address(), direct.text(), secure);
        }
        return new Client(client, client.getHostAddress() + " via=" + direct.text(), secure);
    }

    /** The trusted proxy says every hop it knows of came over TLS. */
    private static boolean forwardedOverTls(Request request) {
        List<String> protocols = request.getHeaders().getValuesList("X-Forwarded-Proto").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(",")))
                .map(String::strip)
                .toList();
        return !protocols.isEmpty() && protocols.stream().allMatch("https"::equalsIgnoreCase);
    }

    /** An IP literal, or null: never a name lookup. */
    private static InetAddress literal(String text) {
        if (text.contains("/")) {
            return null;
        }
        String bare = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        try {
            return Cidr.parse(bare).network();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
