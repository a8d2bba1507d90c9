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
 */
final class ClientAddress {

    private final List<Cidr> trustedProxies;

    ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = trustedProxies;
    }

    /** The client's address and its text for logs ({@code 203.0.113.7} or {@code 127.0.0.1:50312}). */
    record Client(InetAddress address, String text) {
    }

    Client of(Request request) {
        SocketAddress socket = request.getConnectionMetaData().getRemoteSocketAddress();
        InetSocketAddress peer = (InetSocketAddress) socket;
        Client direct = new Client(peer.getAddress(), peer.getAddress().getHostAddress() + ":" + peer.getPort());
        if (trustedProxies.isEmpty() || !Cidr.anyContains(trustedProxies, peer.getAddress())) {
            return direct;
        }
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
        return client == null ? direct : new Client(client, client.getHostAddress() + " via=" + direct.text());
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
