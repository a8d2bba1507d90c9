package io.socketchat.irc;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.ChatServer;
import io.socketchat.server.TlsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * One listening socket of the IRC port, plain or TLS: a virtual thread accepts, and each
 * connection gets a virtual thread of its own (the TLS handshake first, within the login
 * timeout, with the certificate the chat's TLS listener serves now), then it is an {@link
 * IrcConnection} admitted by the core like any other.
 */
final class IrcListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.irc");

    private final ChatServer server;
    private final ServerSocket socket;
    private final boolean tls;
    private final String version;
    private volatile boolean closed;

    private IrcListener(ChatServer server, ServerSocket socket, boolean tls, String version) {
        this.server = server;
        this.socket = socket;
        this.tls = tls;
        this.version = version;
    }

    static IrcListener bind(ChatServer server, InetSocketAddress address, boolean tls, String version) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(address, 1024);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        IrcListener listener = new IrcListener(server, socket, tls, version);
        Thread.ofVirtual().name(tls ? "chat-ircs-accept" : "chat-irc-accept").start(listener::acceptLoop);
        return listener;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket accepted;
            try {
                accepted = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.warn("[IRC] accept-error={}", Quoted.json(e.toString()));
                }
                continue;
            }
            Thread.ofVirtual().name(tls ? "chat-ircs-reader" : "chat-irc-reader").start(() -> serve(accepted));
        }
    }

    private void serve(Socket raw) {
        try {
            raw.setTcpNoDelay(true);
        } catch (IOException e) {
            close(raw);
            return;
        }
        Socket stream = tls ? handshake(raw) : raw;
        if (stream == null) {
            return;
        }
        new IrcConnection(server, stream, raw, version, () -> { }).run();
    }

    /** The TLS handshake within the login timeout, or null (logged once) when it fails. */
    private Socket handshake(Socket raw) {
        String remote = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
        try {
            TlsContext tls = server.tlsContext().orElseThrow(() -> new IOException("TLS is off"));
            raw.setSoTimeout((int) Math.clamp(server.config().loginTimeout().toMillis(), 1, Integer.MAX_VALUE));
            SSLSocket socket = (SSLSocket) tls.context().getSocketFactory().createSocket(raw, null, true);
            socket.setUseClientMode(false);
            socket.setEnabledProtocols(tls.protocols().toArray(String[]::new));
            socket.startHandshake();
            raw.setSoTimeout(0);
            return socket;
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                String problem = e instanceof SocketTimeoutException ? "handshake not done within the login timeout" : e.getMessage();
                log.warn("[IRC] tls=failed remote={} error={}", remote, Quoted.json(String.valueOf(problem)));
            }
            close(raw);
            return null;
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // best effort
        }
    }
}
