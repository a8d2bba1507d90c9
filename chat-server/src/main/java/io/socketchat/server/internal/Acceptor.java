package io.socketchat.server.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One listening socket, watched by an I/O loop: the loop accepts whatever is pending when the
 * socket is ready, so a burst of connections costs no thread wake-up per connection, and a
 * connection the loop hands to itself is registered without waking anything. The server may
 * run two while moving ports.
 */
public final class Acceptor implements Listener, IoLoop.Ready {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    /** Out of file descriptors, accept fails at once: the loop stops listening this long. */
    private static final long FAILURE_PAUSE_MILLIS = 50;
    /** Accepted per wake at most, so one busy listener does not starve the loop's clients. */
    private static final int ACCEPTS_PER_WAKE = 256;

    private final ServerSocketChannel serverSocket;
    private final InetSocketAddress localAddress;
    private final IoLoop loop;
    private final Consumer<SocketChannel> onAccept;
    private final SelectionKey key;
    private volatile boolean closed;

    private Acceptor(ServerSocketChannel serverSocket, IoLoop loop, Consumer<SocketChannel> onAccept) throws IOException {
        this.serverSocket = serverSocket;
        this.localAddress = (InetSocketAddress) serverSocket.getLocalAddress(); // kept: a closed channel has none
        this.loop = loop;
        this.onAccept = onAccept;
        serverSocket.configureBlocking(false);
        this.key = loop.register(serverSocket, this);
    }

    /**
     * Binds now (so a bind failure is the caller's exception) and starts accepting on
     * {@code loop}. {@code onAccept} runs on the loop thread: it must not block.
     */
    public static Acceptor bind(InetSocketAddress address, IoLoop loop, Consumer<SocketChannel> onAccept) throws IOException {
        ServerSocketChannel serverSocket = ServerSocketChannel.open();
        Acceptor acceptor;
        try {
            serverSocket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverSocket.bind(address, 1024);
            acceptor = new Acceptor(serverSocket, loop, onAccept);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        acceptor.listen();
        return acceptor;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    private void listen() {
        try {
            key.interestOps(SelectionKey.OP_ACCEPT);
            loop.wakeup();
        } catch (CancelledKeyException e) {
            // closed meanwhile
        }
    }

    @Override
    public void failed(RuntimeException cause) {
        log.error("[ERROR] io loop accepting port={} cause={}", localAddress.getPort(), cause.toString(), cause);
    }

    /** On the loop thread: the socket has connections waiting. */
    @Override
    public void ready(SelectionKey readyKey, ByteBuffer buffer, byte[] copy, FlushBatch batch) {
        for (int i = 0; i < ACCEPTS_PER_WAKE && !closed; i++) {
            SocketChannel socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("[ERROR] accept failed port={} cause={}", localAddress.getPort(), e.toString());
                    pauseAfterFailure();
                }
                return;
            }
            if (socket == null) {
                return;
            }
            onAccept.accept(socket);
        }
    }

    /** Stops listening for a moment; the pending connections wait in the kernel's backlog. */
    private void pauseAfterFailure() {
        try {
            key.interestOps(0);
        } catch (CancelledKeyException e) {
            return;
        }
        CompletableFuture.delayedExecutor(FAILURE_PAUSE_MILLIS, TimeUnit.MILLISECONDS).execute(() -> {
            if (!closed) {
                listen();
            }
        });
    }

    /**
     * Closes the listener and returns once it is gone: a socket registered with a selector is
     * released only at the loop's next selection, so this waits for that before returning,
     * or the old port could still take connections after close() returned.
     */
    @Override
    public void close() {
        closed = true;
        key.cancel();
        try {
            serverSocket.close();
        } catch (IOException e) {
            log.warn("[ERROR] closing listener port={} cause={}", localAddress.getPort(), e.toString());
        }
        if (loop.inLoop()) {
            return; // released when this iteration's handlers are done and the loop selects again
        }
        CountDownLatch released = new CountDownLatch(1);
        loop.afterNextSelect(released::countDown);
        try {
            if (!released.await(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("[ERROR] listener port={} did not stop within {}ms", localAddress.getPort(), CLOSE_WAIT.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
