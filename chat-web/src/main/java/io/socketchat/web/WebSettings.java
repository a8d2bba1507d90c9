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
 * @param httpsPort      a second port, on the same address, for HTTPS and wss with the TLS
 *                       listener's certificate (and its reload); 0 for any free one;
 *                       {@link #NO_HTTPS} for none
 */
public record WebSettings(InetAddress bindAddress, int port, List<Cidr> trustedProxies, List<String> allowedOrigins,
                          int httpsPort) {

    public static final int DEFAULT_PORT = 8080;
    public static final int NO_HTTPS = -1;

    public WebSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535: " + port);
        }
        if (httpsPort < NO_HTTPS || httpsPort > 65535) {
            throw new IllegalArgumentException("HTTPS port must be 0-65535: " + httpsPort);
        }
        trustedProxies = List.copyOf(trustedProxies);
        allowedOrigins = allowedOrigins.stream().map(OriginPolicy::normalize).toList();
    }

    /** Without HTTPS. */
    public WebSettings(InetAddress bindAddress, int port, List<Cidr> trustedProxies, List<String> allowedOrigins) {
        this(bindAddress, port, trustedProxies, allowedOrigins, NO_HTTPS);
    }

    /** The same, with HTTPS on {@code httpsPort}. */
    public WebSettings withHttps(int httpsPort) {
        return new WebSettings(bindAddress, port, trustedProxies, allowedOrigins, httpsPort);
    }

    public boolean https() {
        return httpsPort != NO_HTTPS;
    }
}
