package io.socketchat.irc;

import java.net.InetAddress;

/**
 * Where the IRC port listens: {@code port} for plain IRC and {@code tlsPort} for IRC over TLS
 * (with the chat's own TLS certificate); either may be null (off), 0 picks a free port.
 */
public record IrcSettings(InetAddress bind, Integer port, Integer tlsPort) {

    /** The IRC port is off unless a port is given. */
    public static final String DEFAULT_PORT = "off";

    public IrcSettings {
        if (bind == null) {
            throw new IllegalArgumentException("bind address needed");
        }
    }

    public boolean enabled() {
        return port != null || tlsPort != null;
    }
}
