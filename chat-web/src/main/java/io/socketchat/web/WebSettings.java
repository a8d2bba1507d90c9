package io.socketchat.web;

import io.socketchat.server.Cidr;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * How the HTTP port listens and whom it believes.
 *
 * @param bindAddress    the address to listen on
 * @param port           the port, 0 for any free one
 * @param trustedProxies peers whose {@code X-Forwarded-For} names the client (for the per-address
 *                       limit and logs); from anyone else the header is ignored
 * @param allowedOrigins the page origins ({@code https://chat.example.org}) that may open a
 *                       WebSocket; empty means only the server's own origin; {@code *} any
 */
public record WebSettings(InetAddress bindAddress, int port, List<Cidr> trustedProxies, List<String> allowedOrigins) {

    public static final int DEFAULT_PORT = 8080;

    public WebSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        trustedProxies = List.copyOf(trustedProxies);
        allowedOrigins = allowedOrigins.stream().map(OriginPolicy::normalize).toList();
    }
}
