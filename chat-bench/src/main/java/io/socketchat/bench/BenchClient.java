package io.socketchat.bench;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * One bench connection: a name, a non-blocking socket channel read by a {@link Fleet} selector
 * thread (plain, or TLS through a {@link TlsChannel}), and the unread tail of the last read.
 * Each connection has one writing thread at a time (its sender, or the selector thread
 * answering a line), so writes never interleave.
 */
final class BenchClient {

    private final String name;
    private SocketChannel channel;
    /** Set for a TLS connection: every read and write goes through it. */
    private TlsChannel tls;
    /** Set for a WebSocket connection: every read and write goes through it. */
    private WsChannel ws;
    // Read state, touched only by the selector thread that owns the channel.
    byte[] buffer;
    ByteBuffer view;
    LineReader.Handler handler;
    boolean loggedIn;
    /** When set, the client's last line and end are kept here (overload scenarios). */
    Tail tail;
    /** When set, sent instead of {@code LOGIN}: the client never logs in and every line goes to its handler. */
    byte[] greeting;
    /** Set with {@code --dialect irc}: the protocol lines written are translated into IRC here first. */
    IrcDialect.Scratch irc;
    /** How much of the greeting the server took before the deadline. */
    volatile long greetingWritten;

    BenchClient(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /**
     * Connects (blocking, on the calling thread), binding {@code source} first when given, and
     * runs the TLS handshake there too when {@code tlsContext} is given.
     */
    void connect(InetSocketAddress server, InetAddress source, SSLContext tlsContext) throws IOException {
        connect(server, source, tlsContext, false);
    }

    /** As above; with {@code webSocket}, the upgrade to {@code /ws} (on the server's HTTP port) runs there too. */
    void connect(InetSocketAddress server, InetAddress source, SSLContext tlsContext, boolean webSocket) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            if (source != null) {
                ch.bind(new InetSocketAddress(source, 0));
            }
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(server);
            if (tlsContext != null) {
                tls = TlsChannel.handshake(ch, tlsContext);
            } else if (webSocket) {
                ws = WsChannel.upgrade(ch, server.getHostString(), server.getPort());
            }
            ch.configureBlocking(false);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channel = ch;
    }

    SocketChannel channel() {
        return channel;
    }

    /** One non-blocking read of plain text into {@code dst}: its byte count, or -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException {
        return ws != null ? ws.read(dst) : tls == null ? channel.read(dst) : tls.read(dst);
    }

    /** One non-blocking write of {@code src}: the bytes taken. */
    private int writeSome(ByteBuffer src) throws IOException {
        return ws != null ? ws.write(src) : tls == null ? channel.write(src) : tls.write(src);
    }

    /** True when nothing taken by {@link #writeSome} is still waiting for the socket (TLS keeps whole records). */
    private boolean flushed() throws IOException {
        return ws != null ? ws.flush() : tls == null || tls.flush();
    }

    /**
     * Writes all bytes. The channel is non-blocking (a selector reads it), so when the socket
     * buffer is full this waits briefly and retries: the server is pushing back.
     */
    void write(byte[] bytes, int offset, int length) throws IOException {
        if (irc != null) {
            IrcDialect.toIrc(bytes, offset, length, irc);
            writeRaw(irc.bytes, 0, irc.length);
            return;
        }
        writeRaw(bytes, offset, length);
    }

    /** Writes all bytes as they are (IRC registration, or a dialect's translated lines). */
    void writeRaw(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes, offset, length);
        while (out.hasRemaining() || !flushed()) {
            if (writeSome(out) == 0) {
                LockSupport.parkNanos(20_000);
            }
        }
    }

    /**
     * Writes as much as the server takes until {@code deadlineNanos}.
     *
     * @return the bytes written
     */
    long write(byte[] bytes, int offset, int length, long deadlineNanos) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes, offset, length);
        while ((out.hasRemaining() || !flushed()) && System.nanoTime() - deadlineNanos < 0) {
            if (writeSome(out) == 0) {
                LockSupport.parkNanos(200_000);
            }
        }
        return out.position() - offset;
    }

    /** Closes with SO_LINGER 0: the kernel sends a reset instead of a FIN and drops what is unsent. */
    void reset() {
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.setOption(StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException ignored) {
                // closed already: nothing to reset
            }
        }
        close();
    }

    void close() {
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the bench is done with it either way
            }
        }
    }
}
