package io.socketchat.bench;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * TLS over a connected {@link SocketChannel}, with the JDK's {@link SSLEngine}: the handshake
 * runs blocking (on the connecting thread, before the channel turns non-blocking), then
 * {@link #read} and {@link #write} behave like the channel's own non-blocking calls, carrying
 * plain text in and out.
 *
 * <p>One thread reads (the selector thread, once the handshake is done). Writes come from one
 * thread at a time, but not always the same one (a DM pair's first ping from the scenario's
 * thread, the next ones from the selector thread): they take {@link #writeLock}, so each sees
 * the record buffer as the last writer left it. A read and a write may overlap (the engine
 * allows a wrap and an unwrap at once, and their buffers are separate).
 */
final class TlsChannel {

    private static final ByteBuffer NOTHING = ByteBuffer.allocate(0);

    private final SocketChannel channel;
    private final SSLEngine engine;
    /** Received records not yet unwrapped (write mode). */
    private final ByteBuffer netIn;
    /** Unwrapped text not yet handed to a reader (write mode). */
    private final ByteBuffer appIn;
    /** Wrapped records not yet written to the socket (write mode); guarded by {@link #writeLock}. */
    private final ByteBuffer netOut;
    /** Held only around non-blocking socket writes, so it never parks a thread for long. */
    private final Object writeLock = new Object();

    private TlsChannel(SocketChannel channel, SSLEngine engine) {
        this.channel = channel;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
    }

    /**
     * A client context that trusts the certificates in {@code trustPem} (the server's own, or
     * its CA), or the JDK's default trust store when it is null.
     */
    static SSLContext clientContext(Path trustPem) throws IOException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            if (trustPem == null) {
                context.init(null, null, null);
                return context;
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(trustPem)) {
                Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
                if (certificates.isEmpty()) {
                    throw new IOException("no certificate in " + trustPem);
                }
                int i = 0;
                for (Certificate certificate : certificates) {
                    trust.setCertificateEntry("trusted" + i++, certificate);
                }
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            context.init(null, trustManagers.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context from " + trustPem + ": " + e, e);
        }
    }

    /**
     * Runs a full handshake on {@code channel}, which must be connected and still blocking.
     * The engine is made without the peer's host and port, so the JDK never resumes a cached
     * session: every connection pays for a full handshake, as a new client does.
     */
    static TlsChannel handshake(SocketChannel channel, SSLContext context) throws IOException {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        engine.setSSLParameters(parameters);
        TlsChannel tls = new TlsChannel(channel, engine);
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    check(engine.wrap(NOTHING, tls.netOut));
                    tls.netOut.flip();
                    while (tls.netOut.hasRemaining()) {
                        channel.write(tls.netOut);
                    }
                    tls.netOut.clear();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    tls.netIn.flip();
                    SSLEngineResult result = engine.unwrap(tls.netIn, tls.appIn);
                    tls.netIn.compact();
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && channel.read(tls.netIn) < 0) {
                        throw new EOFException("closed during the TLS handshake");
                    }
                    check(result);
                }
                case NEED_TASK -> tls.runTasks();
                case FINISHED, NOT_HANDSHAKING -> {
                    return tls;
                }
            }
        }
    }

    /**
     * Reads what has arrived, decrypted, into {@code dst}, without blocking.
     *
     * @return the bytes put into {@code dst}; 0 only when nothing more can be read now (a
     *         complete record has not arrived), so the caller may wait for the selector; -1 at
     *         the end of the stream
     */
    int read(ByteBuffer dst) throws IOException {
        int start = dst.position();
        while (true) {
            drainInto(dst);
            if (!dst.hasRemaining()) {
                return dst.position() - start;
            }
            netIn.flip();
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            netIn.compact();
            switch (result.getStatus()) {
                case OK -> {
                    if (result.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                }
                case BUFFER_UNDERFLOW -> {
                    int read = channel.read(netIn);
                    if (read < 0) {
                        return dst.position() > start ? dst.position() - start : -1;
                    }
                    if (read == 0) {
                        return dst.position() - start;
                    }
                }
                case CLOSED -> {
                    return dst.position() > start ? dst.position() - start : -1;
                }
                case BUFFER_OVERFLOW -> throw new SSLException("unwrapped text does not fit (" + appIn + ")");
            }
        }
    }

    /**
     * Writes what the socket takes without blocking: first the records left from the last call,
     * then as much of {@code src} as fits in one record.
     *
     * @return the bytes of {@code src} taken (wrapped); 0 when the socket is still full
     */
    int write(ByteBuffer src) throws IOException {
        synchronized (writeLock) {
            if (!flushHeld() || !src.hasRemaining()) {
                return 0;
            }
            SSLEngineResult result = engine.wrap(src, netOut);
            check(result);
            flushHeld();
            return result.bytesConsumed();
        }
    }

    /** Writes the records left from earlier calls; true once none are left. */
    boolean flush() throws IOException {
        synchronized (writeLock) {
            return flushHeld();
        }
    }

    private boolean flushHeld() throws IOException {
        if (netOut.position() == 0) {
            return true;
        }
        netOut.flip();
        channel.write(netOut);
        netOut.compact();
        return netOut.position() == 0;
    }

    private void drainInto(ByteBuffer dst) {
        if (appIn.position() == 0) {
            return;
        }
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        dst.put(dst.position(), appIn, appIn.position(), n).position(dst.position() + n);
        appIn.position(appIn.position() + n);
        appIn.compact();
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static void check(SSLEngineResult result) throws SSLException {
        switch (result.getStatus()) {
            case OK, BUFFER_UNDERFLOW -> { }
            case CLOSED -> throw new SSLException("TLS closed by the server");
            case BUFFER_OVERFLOW -> throw new SSLException("TLS record does not fit: " + result);
        }
    }
}
