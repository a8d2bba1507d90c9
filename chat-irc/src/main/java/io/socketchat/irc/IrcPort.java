package io.socketchat.irc;

import io.socketchat.server.ChatServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The IRC port of a chat server, as the command line wires it: {@link #start} after the chat
 * server started (TLS needs its certificate), {@link #close} after it stopped. IRC sessions are
 * the core's sessions: the server's shutdown ends them; closing the port only stops accepting.
 */
public final class IrcPort implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.irc");

    private final IrcSettings settings;
    private IrcListener plain;
    private IrcListener tls;

    private IrcPort(IrcSettings settings) {
        this.settings = settings;
    }

    public static IrcPort on(IrcSettings settings) {
        return new IrcPort(settings);
    }

    public static IrcPort off() {
        return new IrcPort(null);
    }

    /**
     * Binds the configured ports and starts accepting.
     *
     * @throws IOException           when a port cannot be bound (nothing stays bound then)
     * @throws IllegalStateException when IRC over TLS is asked for but the server has no TLS
     */
    public synchronized void start(ChatServer server) throws IOException {
        if (settings == null || !settings.enabled()) {
            return;
        }
        String version = IrcPort.class.getModule().getDescriptor() == null ? "0"
                : IrcPort.class.getModule().getDescriptor().rawVersion().orElse("0");
        if (settings.tlsPort() != null && server.tlsContext().isEmpty()) {
            throw new IllegalStateException("--ircs-port needs the chat's TLS (--tls-port, --tls-cert)");
        }
        try {
            if (settings.port() != null) {
                plain = IrcListener.bind(server, new InetSocketAddress(settings.bind(), settings.port()), false, version);
                log.info("[START] irc={}:{}", settings.bind().getHostAddress(), plain.localAddress().getPort());
            }
            if (settings.tlsPort() != null) {
                tls = IrcListener.bind(server, new InetSocketAddress(settings.bind(), settings.tlsPort()), true, version);
                log.info("[START] ircs={}:{}", settings.bind().getHostAddress(), tls.localAddress().getPort());
            }
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** Where plain IRC listens; empty when off. */
    public synchronized Optional<InetSocketAddress> address() {
        return plain == null ? Optional.empty() : Optional.of(plain.localAddress());
    }

    /** Where IRC over TLS listens; empty when off. */
    public synchronized Optional<InetSocketAddress> tlsAddress() {
        return tls == null ? Optional.empty() : Optional.of(tls.localAddress());
    }

    /** Stops accepting; the sessions are the server's to end. */
    @Override
    public synchronized void close() {
        if (plain != null) {
            plain.close();
            plain = null;
        }
        if (tls != null) {
            tls.close();
            tls = null;
        }
    }
}
