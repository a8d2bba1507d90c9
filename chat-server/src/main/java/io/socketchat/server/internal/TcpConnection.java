package io.socketchat.server.internal;

import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP client: a non-blocking socket channel watched by one {@link IoLoop}. It is the
 * session's {@link Transport} (writes take what fits; the loop calls back when the peer
 * drained) and the {@link InputControl} of its {@link Inbound} (the loop reads and hands the
 * bytes over, as an input thread that never blocks).
 */
public final class TcpConnection implements Transport, InputControl, IoLoop.Ready {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private final SocketChannel channel;
    private final IoLoop loop;
    private final SelectionKey key;
    private final String remoteAddress;
    private final Runnable onFinished;
    private final AtomicBoolean closed = new AtomicBoolean();
    private ClientSession session;
    private Inbound inbound;

    /**
     * @param onFinished runs once, after the session has ended and the socket is closed
     * @throws IOException when the peer is already gone
     */
    public TcpConnection(SocketChannel channel, IoLoop loop, Runnable onFinished) throws IOException {
        this.channel = channel;
        this.loop = loop;
        this.onFinished = onFinished;
        InetSocketAddress remote = (InetSocketAddress) channel.getRemoteAddress();
        if (remote == null) {
            throw new IOException("not connected");
        }
        String host = remote.getAddress().getHostAddress();
        this.remoteAddress = remote.getAddress() instanceof java.net.Inet6Address
                ? "[" + host + "]:" + remote.getPort()
                : host + ":" + remote.getPort();
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        this.key = loop.register(channel, this);
    }

    /** Starts reading for {@code owner}. */
    public void start(ClientSession owner, int maxLineBytes) {
        this.session = owner;
        this.inbound = new Inbound(owner, this, InputThread.NEVER_BLOCKS, maxLineBytes);
        resumeReading();
    }

    // ---- called by the loop thread ----

    @Override
    public void ready(SelectionKey readyKey, ByteBuffer buffer, byte[] copy, FlushBatch batch) {
        int ready = readyKey.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            changeInterest(SelectionKey.OP_WRITE, false);
            session.writable(batch);
        }
        if ((ready & SelectionKey.OP_READ) != 0 && key.isValid()) {
            read(buffer, copy, batch);
        }
    }

    @Override
    public void failed(RuntimeException cause) {
        log.error("[ERROR] io loop connection={} cause={}", remoteAddress, cause.toString(), cause);
        close();
    }

    private void read(ByteBuffer buffer, byte[] copy, FlushBatch batch) {
        int room = inbound.room();
        if (room <= 0) {
            changeInterest(SelectionKey.OP_READ, false);
            return;
        }
        buffer.clear().limit(Math.min(room, buffer.capacity()));
        int read;
        try {
            read = channel.read(buffer);
        } catch (IOException e) {
            endInput("reset");
            return;
        }
        if (read < 0) {
            endInput("quit");
        } else if (read > 0) {
            buffer.flip().get(copy, 0, read);
            inbound.received(copy, 0, read, batch);
        }
    }

    private void endInput(String reason) {
        changeInterest(SelectionKey.OP_READ, false); // an ended stream stays readable: do not spin on it
        inbound.ended(reason);
    }

    // ---- InputControl ----

    @Override
    public void pauseReading() {
        changeInterest(SelectionKey.OP_READ, false);
    }

    @Override
    public void resumeReading() {
        if (changeInterest(SelectionKey.OP_READ, true)) {
            loop.wakeup();
        }
    }

    /** Turns one interest on or off; false when the connection was closed meanwhile. */
    private boolean changeInterest(int op, boolean on) {
        try {
            if (on) {
                key.interestOpsOr(op);
            } else {
                key.interestOpsAnd(~op);
            }
            return true;
        } catch (CancelledKeyException e) {
            return false; // closed: input is ending anyway
        }
    }

    @Override
    public void inputFinished(String reason) {
        close();
        onFinished.run();
    }

    // ---- Transport ----

    @Override
    public int write(ByteBuffer source) throws IOException {
        return channel.write(source);
    }

    @Override
    public void requestWritable() {
        // Closed meanwhile: the session is ending, nothing will be written anyway.
        if (changeInterest(SelectionKey.OP_WRITE, true)) {
            loop.wakeup();
        }
    }

    @Override
    public void finishOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // On the loop thread: closing a registered channel takes the selector's lock, which a
        // virtual thread must not wait for (it would pin its carrier while the loop selects).
        loop.execute(this::closeOnLoop);
    }

    private void closeOnLoop() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is unusable either way
        }
        // A registered channel's socket is released when the loop selects next: right after this task.
        if (inbound != null) {
            inbound.ended("closed");
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }
}
