package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Utf8;
import io.socketchat.server.transport.ConnectResult;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;

/**
 * The one way into the chat, shared by every listener: the connection limits (total and per
 * address), the refusal of a connection over them, and the opening of its session (flood
 * control, line limit). The session core then applies the login deadline, the memory budget,
 * kick, idle timeout and shutdown to any transport alike.
 */
public final class Admission {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** How long a refused connection is given to read its one error line before it is closed. */
    private static final int REFUSAL_LINGER_MILLIS = 1_000;

    /** What a session needs to be opened: the limits of {@code ServerConfig} that apply per connection. */
    public record SessionLimits(long sendQueueBytes, int maxLineBytes, int floodRate, int floodBurst) {
    }

    private final Hub hub;
    private final ConnectionLimits limits;
    private volatile SessionLimits sessionLimits;
    private final BooleanSupplier shuttingDown;

    public Admission(Hub hub, ConnectionLimits limits, SessionLimits sessionLimits, BooleanSupplier shuttingDown) {
        this.hub = hub;
        this.limits = limits;
        this.sessionLimits = sessionLimits;
        this.shuttingDown = shuttingDown;
    }

    /** Flood control for the sessions opened from now on (a rate of 0 turns it off). */
    public void floodControl(int floodRate, int floodBurst) {
        SessionLimits current = sessionLimits;
        sessionLimits = new SessionLimits(current.sendQueueBytes(), current.maxLineBytes(), floodRate, floodBurst);
    }

    public SessionLimits sessionLimits() {
        return sessionLimits;
    }

    /** True once the server stopped taking connections. */
    boolean isShuttingDown() {
        return shuttingDown.getAsBoolean();
    }

    /** A TCP connection the I/O loop accepted: admitted onto {@code loops.next()}, or refused. Never blocks. */
    public void acceptTcp(SocketChannel channel, IoLoop.RoundRobin loops) {
        if (isShuttingDown()) {
            closeQuietly(channel);
            return;
        }
        InetAddress address;
        try {
            // Not channel.socket(): that adaptor object would stay with the connection.
            address = ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel); // the peer was gone before we could look at it
            return;
        }
        ConnectionLimits.Verdict verdict = limits.tryAdmit(address);
        if (verdict != ConnectionLimits.Verdict.ADMITTED) {
            refuse(channel.socket(), verdict);
            return;
        }
        TcpConnection connection;
        try {
            connection = new TcpConnection(channel, loops.next(), () -> limits.release(address));
        } catch (IOException e) {
            limits.release(address);
            closeQuietly(channel); // the peer was gone before we could set the socket up
            return;
        }
        connection.start(open(connection, address), sessionLimits.maxLineBytes());
    }

    /**
     * A connection another module's transport accepted (a WebSocket adapter): counted against
     * the same limits as the server's own listeners and opened as a session, or refused. The
     * admitted connection's slot is given back when its session has finished, after {@code
     * control}'s {@code inputFinished}. Never blocks.
     */
    public ConnectResult connect(InetAddress client, Transport transport, InputControl control, InputThread thread) {
        if (isShuttingDown()) {
            return new ConnectResult.Refused(null);
        }
        ConnectionLimits.Verdict verdict = limits.tryAdmit(client);
        if (verdict != ConnectionLimits.Verdict.ADMITTED) {
            log.warn("[REJECT] remote={} reason={} open={} max-clients={} max-per-ip={}", transport.remoteAddress(),
                    verdict.errorCode(), limits.total(), limits.maxTotal(), limits.maxPerAddress());
            return new ConnectResult.Refused(Replies.error(verdict.errorCode()));
        }
        InputControl releasing = new InputControl() {
            @Override
            public void pauseReading() {
                control.pauseReading();
            }

            @Override
            public void resumeReading() {
                control.resumeReading();
            }

            @Override
            public void inputFinished(String reason) {
                try {
                    control.inputFinished(reason);
                } finally {
                    limits.release(client);
                }
            }
        };
        return new ConnectResult.Admitted(new Inbound(open(transport, client), releasing, thread, sessionLimits.maxLineBytes()));
    }

    /** Counts a connection against the limits; an admitted one must be {@link #release released} once. */
    ConnectionLimits.Verdict tryAdmit(InetAddress address) {
        return limits.tryAdmit(address);
    }

    void release(InetAddress address) {
        limits.release(address);
    }

    /** Opens the session of an admitted connection; the transport then starts its input. */
    ClientSession open(Transport transport, InetAddress address) {
        SessionLimits limits = sessionLimits;
        ClientSession session = hub.open(transport, limits.sendQueueBytes());
        session.clientAddress(address);
        if (limits.floodRate() > 0) {
            session.limitFloods(limits.floodRate(), limits.floodBurst());
        }
        return session;
    }

    int maxLineBytes() {
        return sessionLimits.maxLineBytes();
    }

    /**
     * Tells a connection over a limit why ({@code ERR server-full} or {@code ERR too-many-connections})
     * and closes it. Its input is read and dropped for a moment first, so the close does not
     * reset the connection before the client has read the line. A TLS socket handshakes on
     * the first write, within the same linger.
     */
    void refuse(Socket socket, ConnectionLimits.Verdict verdict) {
        log.warn("[REJECT] remote={} reason={} open={} max-clients={} max-per-ip={}",
                socket.getRemoteSocketAddress(), verdict.errorCode(), limits.total(),
                limits.maxTotal(), limits.maxPerAddress());
        Thread.ofVirtual().start(() -> {
            try (socket) {
                socket.setSoTimeout(REFUSAL_LINGER_MILLIS);
                socket.getOutputStream().write(Utf8.encodeLine(Replies.error(verdict.errorCode())));
                socket.shutdownOutput();
                InputStream in = socket.getInputStream();
                byte[] discard = new byte[1024];
                int budget = 64 * 1024;
                int read;
                while (budget > 0 && (read = in.read(discard)) > 0) {
                    budget -= read;
                }
            } catch (IOException ignored) {
                // the refused peer reset or stayed silent: closing is all that is left
            }
        });
    }

    /** {@code host:port}, an IPv6 host in brackets, as every log line shows a peer. */
    static String describe(InetSocketAddress remote) {
        String host = remote.getAddress().getHostAddress();
        return remote.getAddress() instanceof Inet6Address ? "[" + host + "]:" + remote.getPort() : host + ":" + remote.getPort();
    }

    static void closeQuietly(Closeable socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do for a socket we are refusing
        }
    }
}
