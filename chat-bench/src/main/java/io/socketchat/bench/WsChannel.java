package io.socketchat.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The chat server's WebSocket transport ({@code /ws} on its HTTP port) over a connected
 * {@link SocketChannel}, for the load generator: the upgrade runs blocking on the connecting
 * thread, then {@link #read} and {@link #write} behave like the channel's non-blocking calls
 * and carry protocol lines, one text frame per line. The server's frames come out as lines
 * ending in LF; each LF-terminated line written goes out as one masked text frame.
 *
 * <p>The client side of RFC 6455 only, as small as a load generator needs: frames the server
 * sends are never masked and never compressed; pings are not answered (the server sends
 * none). Frames are masked with the key 0 (allowed: the key is any 32 bits), which leaves the
 * payload as it is and costs the bench no work per byte; the server unmasks as for any key.
 * Threads as in {@link TlsChannel}: one reader, writers one at a time under {@link #writeLock}.
 */
final class WsChannel {

    private static final int OUT_BYTES = 16 * 1024;
    private static final int IN_BYTES = 16 * 1024;

    private final SocketChannel channel;
    /** Received bytes not yet parsed into frames (write mode). */
    private final ByteBuffer netIn = ByteBuffer.allocate(IN_BYTES);
    /** Framed bytes not yet written to the socket (write mode); guarded by {@link #writeLock}. */
    private final ByteBuffer netOut = ByteBuffer.allocate(OUT_BYTES);
    private final Object writeLock = new Object();
    // Read state, touched only by the reading thread: the frame being read.
    private boolean closed;
    private long payloadLeft;
    private boolean inText;
    private boolean finalFrame;
    private boolean lfPending;

    private WsChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /** Upgrades the blocking, connected {@code channel} at {@code host:port/ws}. */
    static WsChannel upgrade(SocketChannel channel, String host, int port) throws IOException {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String request = "GET /ws HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
        while (out.hasRemaining()) {
            channel.write(out);
        }
        WsChannel ws = new WsChannel(channel);
        int end;
        while ((end = headerEnd(ws.netIn)) < 0) {
            if (!ws.netIn.hasRemaining() || channel.read(ws.netIn) < 0) {
                throw new EOFException("no WebSocket upgrade response");
            }
        }
        String head = new String(ws.netIn.array(), 0, end, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 101")) {
            throw new IOException("WebSocket upgrade refused: " + head.lines().findFirst().orElse(head));
        }
        // Bytes after the response (frames already sent) stay for the first read.
        ws.netIn.flip().position(end + 4);
        ws.netIn.compact();
        return ws;
    }

    private static int headerEnd(ByteBuffer buffer) {
        byte[] bytes = buffer.array();
        for (int i = 0; i + 3 < buffer.position(); i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Reads what the socket has and puts the text it carries into {@code dst}, each message
     * followed by LF, until {@code dst} is full (a frame may be split across calls, so a full
     * {@code dst} always means "read again").
     *
     * @return the bytes put into {@code dst}, or -1 at the end (a close frame or EOF) with nothing put
     */
    int read(ByteBuffer dst) throws IOException {
        if (closed) {
            return -1;
        }
        int eof = netIn.hasRemaining() ? channel.read(netIn) : 0;
        netIn.flip();
        int start = dst.position();
        try {
            while (dst.hasRemaining()) {
                if (lfPending) {
                    dst.put((byte) '\n');
                    lfPending = false;
                    continue;
                }
                if (payloadLeft > 0) {
                    int n = (int) Math.min(payloadLeft, netIn.remaining());
                    if (n == 0) {
                        break;
                    }
                    if (inText) {
                        n = Math.min(n, dst.remaining());
                        dst.put(netIn.array(), netIn.position(), n);
                    }
                    netIn.position(netIn.position() + n);
                    payloadLeft -= n;
                    if (payloadLeft == 0 && inText && finalFrame) {
                        lfPending = true;
                    }
                    continue;
                }
                if (!header()) {
                    break;
                }
                if (closed) {
                    break;
                }
            }
        } finally {
            netIn.compact();
        }
        int put = dst.position() - start;
        if (put == 0 && (closed || eof < 0)) {
            closed = true;
            return -1;
        }
        return put;
    }

    /** Parses one frame header from {@code netIn} (read mode); false when it is not all there yet. */
    private boolean header() {
        int frameStart = netIn.position();
        if (netIn.remaining() < 2) {
            return false;
        }
        int b0 = netIn.get() & 0xff;
        int b1 = netIn.get() & 0xff;
        long length = b1 & 0x7f;
        if (length == 126) {
            if (netIn.remaining() < 2) {
                netIn.position(frameStart);
                return false;
            }
            length = netIn.getShort() & 0xffff;
        } else if (length == 127) {
            if (netIn.remaining() < 8) {
                netIn.position(frameStart);
                return false;
            }
            length = netIn.getLong();
        }
        int opcode = b0 & 0x0f;
        finalFrame = (b0 & 0x80) != 0;
        inText = opcode == 1 || opcode == 0;
        payloadLeft = length;
        if (opcode == 8) {
            closed = true;
        }
        if (length == 0 && inText && finalFrame) {
            lfPending = true;
        }
        return true;
    }

    /**
     * Frames the whole lines at the start of {@code src} (as many as fit), then writes what the
     * socket takes without waiting.
     *
     * @return the bytes of {@code src} taken (whole lines only)
     */
    int write(ByteBuffer src) throws IOException {
        synchronized (writeLock) {
            int taken = 0;
            while (src.hasRemaining()) {
                int lineEnd = -1;
                for (int i = src.position(); i < src.limit(); i++) {
                    if (src.get(i) == '\n') {
                        lineEnd = i;
                        break;
                    }
                }
                if (lineEnd < 0) {
                    break; // no whole line left: the caller writes the rest later
                }
                int length = lineEnd - src.position();
                if (netOut.remaining() < length + 8) {
                    if (netOut.position() == 0) {
                        throw new IOException("a line of " + length + " bytes: more than the bench frames");
                    }
                    break;
                }
                netOut.put((byte) 0x81); // FIN, text
                if (length < 126) {
                    netOut.put((byte) (0x80 | length));
                } else {
                    netOut.put((byte) (0x80 | 126)).putShort((short) length);
                }
                netOut.putInt(0); // the masking key: 0, so the payload goes as it is
                netOut.put(src.array(), src.arrayOffset() + src.position(), length);
                src.position(lineEnd + 1);
                taken += length + 1;
            }
            drain();
            return taken;
        }
    }

    /** Writes framed bytes still waiting; true when none is left. */
    boolean flush() throws IOException {
        synchronized (writeLock) {
            drain();
            return netOut.position() == 0;
        }
    }

    private void drain() throws IOException {
        netOut.flip();
        try {
            channel.write(netOut);
        } finally {
            netOut.compact();
        }
    }
}
