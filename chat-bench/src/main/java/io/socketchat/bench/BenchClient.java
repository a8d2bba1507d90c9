package io.socketchat.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * One bench connection: a name, a non-blocking socket channel read by a {@link Fleet} selector
 * thread, and the unread tail of the last read. Each connection has one writing thread at a
 * time (its sender, or the selector thread answering a line), so writes never interleave.
 */
final class BenchClient {

    private final String name;
    private SocketChannel channel;
    // Read state, touched only by the selector thread that owns the channel.
    byte[] buffer;
    ByteBuffer view;
    LineReader.Handler handler;
    boolean loggedIn;

    BenchClient(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Connects (blocking, on the calling thread), binding {@code source} first when given. */
    void connect(InetSocketAddress server, InetAddress source) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            if (source != null) {
                ch.bind(new InetSocketAddress(source, 0));
            }
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(server);
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

    /**
     * Writes all bytes. The channel is non-blocking (a selector reads it), so when the socket
     * buffer is full this waits briefly and retries: the server is pushing back.
     */
    void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes, offset, length);
        while (out.hasRemaining()) {
            if (channel.write(out) == 0) {
                LockSupport.parkNanos(20_000);
            }
        }
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
