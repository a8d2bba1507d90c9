package io.socketchat.server.internal;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.TlsCertificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * The TLS listener: a {@link BlockingListener} whose connections first complete a TLS
 * handshake, within the login timeout, on their own virtual thread. {@link #reload} swaps the
 * certificate for connections accepted from then on; connected sessions keep theirs.
 */
public final class TlsListener implements Listener {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");

    private final BlockingListener listener;
    private final Handshake handshake;

    private TlsListener(BlockingListener listener, Handshake handshake) {
        this.listener = listener;
        this.handshake = handshake;
    }

    /** Binds now (a bind failure is the caller's exception) and starts accepting. */
    public static TlsListener bind(InetSocketAddress address, TlsMaterial material, Admission admission,
                                   Duration handshakeTimeout) throws IOException {
        Handshake handshake = new Handshake(material, (int) Math.clamp(handshakeTimeout.toMillis(), 1, Integer.MAX_VALUE));
        return new TlsListener(BlockingListener.bind(address, admission, handshake), handshake);
    }

    @Override
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    public TlsCertificate certificate() {
        return handshake.material.certificate();
    }

    /** What new connections are served now. */
    public TlsMaterial material() {
        return handshake.material;
    }

    /** New connections get {@code next}'s certificate; established ones keep theirs. */
    public void reload(TlsMaterial next) {
        handshake.material = next;
    }

    /** Stops accepting; handshakes under way are cut. Sessions already open are the server's to end. */
    @Override
    public void close() {
        handshake.closed = true; // the handshakes it cuts now are no failures to log
        listener.close();
    }

    /** The TLS opening of a connection: wrap, handshake within the login timeout, log a failure once. */
    private static final class Handshake implements BlockingListener.Opening {
        private final int timeoutMillis;
        private volatile TlsMaterial material;
        private volatile boolean closed;

        Handshake(TlsMaterial material, int timeoutMillis) {
            this.material = material;
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        public String threadPrefix() {
            return "chat-tls";
        }

        @Override
        public Socket forRefusal(Socket raw) throws IOException {
            return material.wrap(raw); // the ERR line goes over TLS
        }

        @Override
        public Socket open(Socket raw, String remote) {
            try {
                raw.setTcpNoDelay(true);
                raw.setSoTimeout(timeoutMillis);
                SSLSocket tls = material.wrap(raw);
                tls.startHandshake();
                tls.setSoTimeout(0); // from now on the session's deadlines apply
                return tls;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("[TLS] remote={} error={}", remote, Quoted.json(describe(e)));
                }
                return null;
            }
        }

        private static String describe(Throwable e) {
            if (e instanceof SocketTimeoutException) {
                return "handshake not done within the login timeout";
            }
            String message = e.getMessage();
            return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        }
    }
}
