package io.socketchat.server.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * A listener on virtual threads: a blocking server socket accepting on one, and per admitted
 * connection one more that prepares the socket ({@link Opening}: nothing for plain TCP, the
 * handshake for TLS) and then serves it as a {@link BlockingConnection}. Admission is the
 * server's shared step ({@link Admission}), as for the I/O loops' listener.
 */
public final class BlockingListener implements Listener {

    /** What turns an accepted socket into a session's stream. */
    interface Opening {
        /** Names the listener's threads, e.g. {@code chat-tls} ({@code chat-tls-accept}, …). */
        String threadPrefix();

        /** The socket a refused connection reads its {@code ERR} line on (over TLS on the TLS port). */
        Socket forRefusal(Socket raw) throws IOException;

        /**
         * On the connection's own thread: the stream to serve the session on, or null when the
         * connection failed (the opening has logged why). May block, for up to the login timeout.
         */
        Socket open(Socket raw, String remote);
    }

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** Out of file descriptors, accept fails at once: the listener stops this long. */
    private static final long FAILURE_PAUSE_NANOS = 50_000_000L;

    private final ServerSocket serverSocket;
    private final InetSocketAddress localAddress;
    private final Admission admission;
    private final Opening opening;
    private final Set<Socket> underway = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile boolean closed;

    private BlockingListener(ServerSocket serverSocket, Admission admission, Opening opening) {
        this.serverSocket = serverSocket;
        this.localAddress = (InetSocketAddress) serverSocket.getLocalSocketAddress();
        this.admission = admission;
        this.opening = opening;
        this.acceptor = Thread.ofVirtual().name(opening.threadPrefix() + "-accept").unstarted(this::acceptLoop);
    }

    /** Binds now (a bind failure is the caller's exception) and starts accepting. */
    static BlockingListener bind(InetSocketAddress address, Admission admission, Opening opening) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(address, 1024);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        BlockingListener listener = new BlockingListener(serverSocket, admission, opening);
        listener.acceptor.start();
        return listener;
    }

    /** A plain TCP listener on virtual threads ({@code --io virtual}). */
    public static BlockingListener plain(InetSocketAddress address, Admission admission) throws IOException {
        return bind(address, admission, PLAIN);
    }

    private static final Opening PLAIN = new Opening() {
        @Override
        public String threadPrefix() {
            return "chat-tcp";
        }

        @Override
        public Socket forRefusal(Socket raw) {
            return raw;
        }

        @Override
        public Socket open(Socket raw, String remote) {
            try {
                raw.setTcpNoDelay(true);
                return raw;
            } catch (IOException e) {
                return null; // the peer was gone before we could set the socket up
            }
        }
    };

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("[ERROR] accept failed port={} cause={}", localAddress.getPort(), e.toString());
                    LockSupport.parkNanos(FAILURE_PAUSE_NANOS);
                }
                continue;
            }
            accepted(socket);
        }
    }

    private void accepted(Socket socket) {
        if (closed || admission.isShuttingDown()) {
            Admission.closeQuietly(socket);
            return;
        }
        InetAddress address = socket.getInetAddress();
        ConnectionLimits.Verdict verdict = admission.tryAdmit(address);
        if (verdict != ConnectionLimits.Verdict.ADMITTED) {
            try {
                admission.refuse(opening.forRefusal(socket), verdict);
            } catch (IOException e) {
                Admission.closeQuietly(socket);
            }
            return;
        }
        Thread.ofVirtual().name(opening.threadPrefix() + "-open").start(() -> serve(socket, address));
    }

    /** On the connection's own thread: the opening, then the session. */
    private void serve(Socket socket, InetAddress address) {
        String remote = Admission.describe((InetSocketAddress) socket.getRemoteSocketAddress());
        Socket stream;
        underway.add(socket);
        try {
            stream = closed ? null : opening.open(socket, remote);
        } finally {
            underway.remove(socket);
        }
        if (stream == null || closed || admission.isShuttingDown()) {
            Admission.closeQuietly(socket);
            admission.release(address);
            return;
        }
        BlockingConnection connection = new BlockingConnection(stream, socket, opening.threadPrefix(), remote,
                () -> admission.release(address));
        connection.start(admission.open(connection, address), admission.maxLineBytes());
    }

    /** Stops accepting; openings under way (handshakes) are cut. Open sessions are the server's to end. */
    @Override
    public void close() {
        closed = true;
        Admission.closeQuietly(serverSocket);
        for (Socket socket : underway) {
            Admission.closeQuietly(socket);
        }
        try {
            acceptor.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
