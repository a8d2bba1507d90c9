package io.socketchat.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client on the JDK's {@code java.net.http.WebSocket}: each text message it gets is
 * one line; {@link #stopReading()} stops asking for messages, so the JDK stops reading the
 * socket and the server's writes back up, as with a client that no longer reads.
 */
final class WsClient implements AutoCloseable {

    /** What {@link #read()} returns once the server has closed the connection. */
    static final String CLOSED = "<closed>";

    private final HttpClient http;
    private final WebSocket socket;
    private final Listener listener;

    private WsClient(HttpClient http, WebSocket socket, Listener listener) {
        this.http = http;
        this.socket = socket;
        this.listener = listener;
    }

    /** Opens a connection; {@code headers} are name, value pairs (e.g. Origin). */
    static WsClient connect(URI uri, String... headers) {
        return connect(HttpClient.newHttpClient(), uri, headers);
    }

    /** Over wss, trusting what {@code tls} trusts. */
    static WsClient connectTls(javax.net.ssl.SSLContext tls, URI uri, String... headers) {
        return connect(HttpClient.newBuilder().sslContext(tls).build(), uri, headers);
    }

    private static WsClient connect(HttpClient http, URI uri, String... headers) {
        Listener listener = new Listener();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            WebSocket socket = builder.buildAsync(uri, listener).get(10, TimeUnit.SECONDS);
            return new WsClient(http, socket, listener);
        } catch (ExecutionException e) {
            http.close();
            throw new HandshakeFailed(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            http.close();
            throw new IllegalStateException(e);
        }
    }

    /** The handshake was refused (its cause says how). */
    static final class HandshakeFailed extends RuntimeException {
        HandshakeFailed(Throwable cause) {
            super(cause);
        }
    }

    WsClient send(String line) {
        join(socket.sendText(line, true));
        return this;
    }

    void sendBinary(byte[] bytes) {
        join(socket.sendBinary(ByteBuffer.wrap(bytes), true));
    }

    /** The next line (or {@link #CLOSED}); fails after 10 s without one. */
    String read() {
        try {
            String line = listener.lines.poll(10, TimeUnit.SECONDS);
            if (line == null) {
                throw new AssertionError("no message within 10 s");
            }
            return line;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads until {@code line} arrives; fails if the connection closes first. */
    void readUntil(String line) {
        while (true) {
            String next = read();
            if (next.equals(line)) {
                return;
            }
            if (next.equals(CLOSED)) {
                throw new AssertionError("closed before " + line);
            }
        }
    }

    /** The close code the server sent; fails after 10 s without a close. */
    int closeCode() {
        try {
            return listener.closed.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new AssertionError("not closed within 10 s", e);
        }
    }

    boolean isClosed() {
        return listener.closed.isDone();
    }

    void stopReading() {
        listener.reading = false;
    }

    @Override
    public void close() {
        socket.abort();
        http.close();
    }

    private static void join(CompletableFuture<WebSocket> sent) {
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("send failed", e);
        }
    }

    private static final class Listener implements WebSocket.Listener {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        volatile boolean reading = true;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                lines.add(partial.toString());
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            lines.add(CLOSED);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
            lines.add(CLOSED);
        }
    }
}
