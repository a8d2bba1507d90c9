package io.socketchat.server.internal;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.TlsCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * The TLS listener: a blocking server socket accepting on a virtual thread, and one virtual
 * thread per connection for its handshake, then its reader and writer ({@link TlsConnection}).
 * Admission is the server's shared step ({@link Admission}); the handshake must finish within
 * the login timeout. {@link #reload} swaps the certificate for connections accepted from then
 * on; connected sessions keep theirs.
 */
public final class TlsListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** Out of file descriptors, accept fails at once: the listener stops this long. */
    private static final long FAILURE_PAUSE_NANOS = 50_000_000L;

    private final ServerSocket serverSocket;
    private final InetSocketAddress localAddress;
    private final Admission admission;
    private final int handshakeTimeoutMillis;
    private final Set<Socket> handshaking = ConcurrentHashMap.newKeySet();
    private volatile TlsMaterial material;
    private volatile boolean closed;
    private final Thread acceptor;

    private TlsListener(ServerSocket serverSocket, TlsMaterial material, Admission admission, Duration handshakeTimeout) {
        this.serverSocket = serverSocket;
        this.localAddress = (InetSocketAddress) serverSocket.getLocalSocketAddress();
        this.material = material;
        this.admission = admission;
        this.handshakeTimeoutMillis = (int) Math.clamp(handshakeTimeout.toMillis(), 1, Integer.MAX_VALUE);
        this.acceptor = Thread.ofVirtual().name("chat-tls-accept").unstarted(this::acceptLoop);
    }

    /** Binds now (a bind failure is the caller's exception) and starts accepting. */
    public static TlsListener bind(InetSocketAddress address, TlsMaterial material, Admission admission,
                                   Duration handshakeTimeout) throws IOException {
        ServerSocket serverSocket = new ServerSocket();
        try {
            serverSocket.setReuseAddress(true);
            serverSocket.bind(address, 1024);
        } catch (IOException e) {
            serverSocket.close();
            throw e;
        }
        TlsListener listener = new TlsListener(serverSocket, material, admission, handshakeTimeout);
        listener.acceptor.start();
        return listener;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public TlsCertificate certificate() {
        return material.certificate();
    }

    /** New connections get {@code next}'s certificate; established ones keep theirs. */
    public void reload(TlsMaterial next) {
        material = next;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    log.error("[ERROR] accept failed tls-port={} cause={}", localAddress.getPort(), e.toString());
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
                admission.refuse(material.wrap(socket), verdict); // the ERR line goes over TLS
            } catch (IOException e) {
                Admission.closeQuietly(socket);
            }
            return;
        }
        Thread.ofVirtual().name("chat-tls-handshake").start(() -> handshake(socket, address));
    }

    /** On the connection's own thread: the handshake, within the login timeout, then the session. */
    private void handshake(Socket socket, InetAddress address) {
        String remote = Admission.describe((InetSocketAddress) socket.getRemoteSocketAddress());
        SSLSocket tls;
        handshaking.add(socket);
        try {
            if (closed) {
                throw new IOException("server shutting down");
            }
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(handshakeTimeoutMillis);
            tls = material.wrap(socket);
            tls.startHandshake();
            tls.setSoTimeout(0); // from now on the session's deadlines apply
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                log.warn("[TLS] remote={} error={}", remote, Quoted.json(describe(e)));
            }
            Admission.closeQuietly(socket);
            admission.release(address);
            return;
        } finally {
            handshaking.remove(socket);
        }
        if (closed || admission.isShuttingDown()) {
            Admission.closeQuietly(socket);
            admission.release(address);
            return;
        }
        TlsConnection connection = new TlsConnection(tls, socket, remote, () -> admission.release(address));
        connection.start(admission.open(connection), admission.maxLineBytes());
    }

    private static String describe(Throwable e) {
        if (e instanceof SocketTimeoutException) {
            return "handshake not done within the login timeout";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /** Stops accepting; handshakes under way are cut. Sessions already open are the server's to end. */
    @Override
    public void close() {
        closed = true;
        Admission.closeQuietly(serverSocket);
        for (Socket socket : handshaking) {
            Admission.closeQuietly(socket);
        }
        try {
            acceptor.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
