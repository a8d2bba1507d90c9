package io.socketchat.server.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.function.Consumer;

/** One listening socket and its accept loop. The server may run two while moving ports. */
public final class Acceptor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final ServerSocketChannel serverSocket;
    private final InetSocketAddress localAddress;
    private final int port;
    private final Thread thread;
    private volatile boolean closed;

    private Acceptor(ServerSocketChannel serverSocket, Consumer<SocketChannel> onAccept) throws IOException {
        this.serverSocket = serverSocket;
        this.localAddress = (InetSocketAddress) serverSocket.getLocalAddress(); // kept: a closed channel has none
        this.port = localAddress.getPort();
        this.thread = Thread.ofVirtual().name("accept-" + port).unstarted(() -> loop(onAccept));
    }

    /** Binds now (so a bind failure is the caller's exception) and starts accepting. */
    public static Acceptor bind(InetSocketAddress address, Consumer<SocketChannel> onAccept) throws IOException {
        ServerSocketChannel serverSocket = ServerSocketChannel.open();
        Acceptor acceptor;
        try {
            serverSocket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            serverSocket.bind(address, 1024);
            acceptor = new Acceptor(serverSocket, onAccept);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        acceptor.thread.start();
        return acceptor;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    private void loop(Consumer<SocketChannel> onAccept) {
        while (!closed) {
            SocketChannel socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("[ERROR] accept failed port={} cause={}", port, e.toString());
                    pauseAfterFailure();
                }
                continue;
            }
            onAccept.accept(socket);
        }
    }

    /** Out of file descriptors, accept fails at once: do not spin on it. */
    private static void pauseAfterFailure() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes the listener and returns once it is gone. The JDK finishes closing a socket that a
     * (virtual) thread is blocked on only when that thread leaves accept, so without the join
     * the old port could still take connections after close() returned.
     */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            log.warn("[ERROR] closing listener port={} cause={}", port, e.toString());
        }
        if (Thread.currentThread() != thread) {
            try {
                if (!thread.join(CLOSE_WAIT)) {
                    log.warn("[ERROR] listener port={} did not stop within {}ms", port,
                            CLOSE_WAIT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
