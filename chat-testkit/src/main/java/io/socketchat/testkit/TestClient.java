package io.socketchat.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A chat client for tests: writes lines, reads lines with a deadline. Every read waits for
 * a condition (a line arriving, the socket closing) up to a timeout; nothing sleeps.
 */
public final class TestClient implements AutoCloseable {

    /** Long enough for a loaded CI machine, short enough that a hang fails the test. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    private TestClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
    }

    public static TestClient connect(int port) {
        return connect(new InetSocketAddress("127.0.0.1", port));
    }

    public static TestClient connect(InetSocketAddress address) {
        return connect(address, 0);
    }

    /**
     * Connects with a socket receive buffer of about {@code receiveBufferBytes} (0: the system
     * default). A small buffer makes a client that stops reading back up into the server's
     * queue quickly, instead of into the kernel.
     */
    public static TestClient connect(InetSocketAddress address, int receiveBufferBytes) {
        try {
            Socket socket = new Socket();
            if (receiveBufferBytes > 0) {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connect, so the window is small from the start
            }
            socket.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            return new TestClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to " + address, e);
        }
    }

    /**
     * Connects over TLS with {@code context} (which must trust the server's certificate) and
     * finishes the handshake; {@code protocols} limits the versions offered (none: the defaults).
     */
    public static TestClient connectTls(int port, SSLContext context, String... protocols) {
        return connectTls(new InetSocketAddress("127.0.0.1", port), 0, context, protocols);
    }

    /** As {@link #connectTls(int, SSLContext, String...)}, with a receive buffer of about {@code receiveBufferBytes} (0: default). */
    public static TestClient connectTls(InetSocketAddress address, int receiveBufferBytes, SSLContext context, String... protocols) {
        try {
            Socket raw = new Socket();
            if (receiveBufferBytes > 0) {
                raw.setReceiveBufferSize(receiveBufferBytes);
            }
            raw.connect(address, (int) DEFAULT_TIMEOUT.toMillis());
            raw.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
            SSLSocket socket = (SSLSocket) context.getSocketFactory()
                    .createSocket(raw, address.getHostString(), address.getPort(), true);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS"); // the name or IP must match the certificate
            if (protocols.length > 0) {
                parameters.setProtocols(protocols);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new TestClient(socket);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect over TLS to " + address, e);
        }
    }

    /** Connects over TLS and logs in, checking the {@code OK}. */
    public static TestClient loginTls(int port, SSLContext context, String name) {
        return checkLogin(connectTls(port, context), name);
    }

    /** The TLS session of a client made by {@link #connectTls}. */
    public SSLSession tlsSession() {
        return ((SSLSocket) socket).getSession();
    }

    /** Connects and logs in, checking the {@code OK}. */
    public static TestClient login(int port, String name) {
        return checkLogin(connect(port), name);
    }

    private static TestClient checkLogin(TestClient client, String name) {
        client.send("LOGIN " + name);
        String reply = client.readLine();
        if (!"OK".equals(reply)) {
            client.close();
            throw new AssertionError("LOGIN " + name + " answered " + reply);
        }
        return client;
    }

    /** Sends one line with LF. */
    public TestClient send(String line) {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public TestClient sendRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next line; fails on timeout or when the server closed the connection. */
    public String readLine() {
        try {
            String line = in.readLine();
            if (line == null) {
                throw new AssertionError("connection closed by the server while a line was expected");
            }
            return line;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no line within " + DEFAULT_TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines up to and including the first one equal to {@code last}. */
    public List<String> readUntil(String last) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = readLine();
            lines.add(line);
        } while (!line.equals(last));
        return lines;
    }

    /**
     * Sends {@code PING} and returns every line that arrives before the {@code PONG}: since a
     * session's replies are ordered, this is "everything the server queued to me so far".
     */
    public List<String> drain() {
        send("PING");
        List<String> lines = readUntil("PONG");
        return lines.subList(0, lines.size() - 1);
    }

    /** Reads what is left and expects the server to close: returns those lines. */
    public List<String> readUntilClosed() {
        List<String> lines = new ArrayList<>();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("server did not close within " + DEFAULT_TIMEOUT.toSeconds() + " s; read " + lines, e);
        } catch (IOException e) {
            return lines; // a reset also ends the connection
        }
    }

    public void setReadTimeout(Duration timeout) {
        try {
            socket.setSoTimeout((int) timeout.toMillis());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Socket socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // a test client closing is best effort
        }
    }
}
