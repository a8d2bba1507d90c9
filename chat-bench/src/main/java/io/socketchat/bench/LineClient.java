package io.socketchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A blocking client for the few connections a scenario drives by hand on virtual threads
 * (attackers, slow readers, short-lived logins): it reads when and as much as it is told, so
 * it can read slowly, or not at all. Every line it reads is booked in its {@link Tail}.
 */
final class LineClient implements AutoCloseable {

    private static final byte[] OK = Wire.ascii("OK");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Tail tail = new Tail();
    private final byte[] buffer;
    private int filled;
    private volatile boolean closing;

    private LineClient(Socket socket, int bufferBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.buffer = new byte[bufferBytes];
    }

    /**
     * Connects, from {@code source} when given.
     *
     * @param receiveBuffer SO_RCVBUF to ask for before connecting (so the TCP window is small), or 0
     * @param bufferBytes   the longest line it can read
     */
    static LineClient connect(InetSocketAddress server, InetAddress source, int receiveBuffer, int bufferBytes,
                              Duration timeout) throws IOException {
        Socket socket = new Socket();
        try {
            if (receiveBuffer > 0) {
                socket.setReceiveBufferSize(receiveBuffer);
            }
            if (source != null) {
                socket.bind(new InetSocketAddress(source, 0));
            }
            socket.setTcpNoDelay(true);
            socket.connect(server, (int) Math.max(1, timeout.toMillis()));
            return new LineClient(socket, bufferBytes);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends {@code LOGIN name} and reads up to its {@code OK}; an answer other than OK is an IOException. */
    void login(String name, Duration timeout) throws IOException {
        write(Wire.ascii("LOGIN " + name + "\n"));
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        String[] answer = new String[1];
        try {
            while (answer[0] == null) {
                int read = readSome(buffer.length, (bytes, offset, length) -> {
                    answer[0] = new String(bytes, offset, length, StandardCharsets.UTF_8);
                    return false; // the first line answers the login; later ones wait in the buffer
                });
                if (read < 0) {
                    throw new IOException("closed before OK");
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("no OK within " + timeout.toMillis() + " ms", e);
        } finally {
            socket.setSoTimeout(0);
        }
        if (!answer[0].equals("OK")) {
            throw new IOException("LOGIN answered " + answer[0]);
        }
    }

    void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    void write(byte[] bytes, int offset, int length) throws IOException {
        try {
            out.write(bytes, offset, length);
        } catch (IOException e) {
            if (!closing) {
                tail.ended(Tail.endOf(e));
            }
            throw e;
        }
    }

    /** Read timeout for {@link #readSome}; 0 waits for ever. */
    void readTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(0, timeout.toMillis()));
    }

    /**
     * One read of at most {@code maxBytes}; hands each complete line to {@code handler} (which may
     * stop: the rest stays for the next call). A read timeout throws {@link SocketTimeoutException}.
     *
     * @return the bytes read, or -1 at the end of the stream (booked in the tail)
     */
    int readSome(int maxBytes, LineReader.Handler handler) throws IOException {
        if (filled > 0) {
            // Lines left over from a stopped handler come first.
            int start = handOver(0, handler);
            if (start == LineReader.STOPPED) {
                return 0;
            }
        }
        if (filled == buffer.length) {
            filled = 0; // a line longer than the buffer: not ours to check
        }
        int read;
        try {
            read = in.read(buffer, filled, Math.max(1, Math.min(maxBytes, buffer.length - filled)));
        } catch (SocketTimeoutException e) {
            throw e;
        } catch (IOException e) {
            if (!closing) {
                tail.ended(Tail.endOf(e));
            }
            throw e;
        }
        if (read < 0) {
            if (!closing) {
                tail.ended("eof");
            }
            return -1;
        }
        int from = filled;
        filled += read;
        handOver(from, handler);
        return read;
    }

    /** Hands over the complete lines in the buffer, keeping the rest; returns where it stopped or STOPPED. */
    private int handOver(int from, LineReader.Handler handler) throws IOException {
        int[] consumed = {0};
        int start = LineReader.lines(buffer, from, filled, (bytes, offset, length) -> {
            tail.line(bytes, offset, length);
            consumed[0] = offset + length;
            boolean more = handler.line(bytes, offset, length);
            if (!more) {
                // skip the LF (and a CR) after this line
                int end = consumed[0];
                while (end < filled && bytes[end] != '\n') {
                    end++;
                }
                consumed[0] = Math.min(filled, end + 1);
            }
            return more;
        });
        int keepFrom = start == LineReader.STOPPED ? consumed[0] : start;
        int left = filled - keepFrom;
        if (left > 0 && keepFrom > 0) {
            System.arraycopy(buffer, keepFrom, buffer, 0, left);
        }
        filled = left;
        return start;
    }

    Tail tail() {
        return tail;
    }

    boolean isCut() {
        return tail.cut();
    }

    @Override
    public void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // done with it
        }
    }

    /** Closes with SO_LINGER 0 (a TCP reset). */
    void reset() {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed already
        }
        close();
    }
}
