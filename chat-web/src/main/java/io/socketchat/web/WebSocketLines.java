package io.socketchat.web;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.ChatServer;
import io.socketchat.server.transport.ConnectResult;
import io.socketchat.server.transport.Connection;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.exception.WebSocketException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One WebSocket connection as a transport of the chat core: each text message is one
 * protocol line in, each line out is one text message. Jetty's core frame API hands over raw
 * frames, so the chat core decodes the text itself and answers a message that is not UTF-8,
 * or longer than the line limit, exactly as it answers such a line on TCP; the session goes on.
 * A binary message has no TCP equivalent: it is closed with 1003 (unsupported data).
 *
 * <p>Input follows Jetty's demand model: a frame is read only after {@link CoreSession#demand()},
 * so when the core pauses reading (its queue is full, flood control) no demand is made and the
 * peer's TCP window fills. The core is fed with {@link InputThread#NEVER_BLOCKS}: Jetty's
 * threads must not wait, and the core hands whatever may wait to the session's own thread.
 *
 * <p>Output never blocks: a line is handed to Jetty's frame queue while less than {@link
 * #MAX_IN_FLIGHT} bytes are on their way; beyond it {@link #write} takes nothing until Jetty has
 * written them, so a client that stops reading fills the core's send queue and is cut off as
 * {@code [SLOW]} like a TCP client.
 */
final class WebSocketLines implements FrameHandler, Transport, InputControl {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.web");
    /** Bytes of lines handed to Jetty and not yet written, beyond which {@link #write} takes no more. */
    static final int MAX_IN_FLIGHT = 64 * 1024;

    private final ChatServer server;
    private final InetAddress client;
    private final String remote;
    private final boolean secure;
    private final int maxLineBytes;
    private final WebMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile CoreSession session;
    private volatile Connection connection;

    // Guarded by lock.
    private int inFlight;
    private boolean writableRequested;
    private boolean paused;
    private boolean demandOwed;
    private boolean closed;

    // The input side's own (Jetty delivers one frame at a time, each after a demand).
    private byte[] message = new byte[256];
    private int messageLength;
    private boolean messageTooLong;
    private boolean inBinaryMessage;

    WebSocketLines(ChatServer server, InetAddress client, String remote, boolean secure, int maxLineBytes,
                   WebMetrics metrics) {
        this.server = server;
        this.client = client;
        this.remote = remote;
        this.secure = secure;
        this.maxLineBytes = maxLineBytes;
        this.metrics = metrics;
    }

    @Override
    public void onOpen(CoreSession coreSession, Callback callback) {
        this.session = coreSession;
        callback.succeeded();
        switch (server.connect(client, this, this, InputThread.NEVER_BLOCKS)) {
            case ConnectResult.Admitted admitted -> {
                connection = admitted.connection();
                metrics.webSocketOpened();
                coreSession.demand();
            }
            case ConnectResult.Refused refused -> {
                if (refused.errorLine() == null) {
                    coreSession.close(CloseStatus.SHUTDOWN, "server shutting down", Callback.NOOP);
                } else {
                    coreSession.sendFrame(new Frame(OpCode.TEXT, refused.errorLine()), Callback.NOOP, false);
                    coreSession.close(CloseStatus.TRY_AGAIN_LATER, null, Callback.NOOP);
                }
            }
        }
    }

    @Override
    public void onFrame(Frame frame, Callback callback) {
        Connection input = connection;
        switch (frame.getOpCode()) {
            case OpCode.TEXT -> {
                inBinaryMessage = false;
                messageLength = 0;
                messageTooLong = false;
                append(frame);
            }
            case OpCode.CONTINUATION -> {
                if (!inBinaryMessage) {
                    append(frame);
                }
            }
            case OpCode.BINARY -> {
                inBinaryMessage = true;
                log.warn("[WS] remote={} fault=binary-frame close={}", remote, CloseStatus.BAD_DATA);
                metrics.webSocketFault("binary-frame");
                callback.succeeded();
                session.close(CloseStatus.BAD_DATA, "binary frames are not supported: send text", Callback.NOOP);
                session.demand(); // to read the peer's closing frame
                return;
            }
            case OpCode.PING -> session.sendFrame(new Frame(OpCode.PONG, copy(frame.getPayload())), Callback.NOOP, false);
            case OpCode.CLOSE -> {
                callback.succeeded(); // Jetty answers the close and then calls onClosed
                return;
            }
            default -> {
                // PONG: nothing to do
            }
        }
        boolean complete = frame.isFin() && frame.isDataFrame() && !inBinaryMessage;
        callback.succeeded();
        if (complete && input != null) {
            deliver(input);
        }
        demandUnlessPaused();
    }

    /** Adds a text frame's payload to the message, keeping at most one byte past the line limit. */
    private void append(Frame frame) {
        ByteBuffer payload = frame.getPayload();
        if (payload == null || messageTooLong) {
            return;
        }
        int length = payload.remaining();
        int keep = Math.min(length, maxLineBytes + 1 - messageLength);
        if (keep < length) {
            messageTooLong = true;
        }
        if (messageLength + keep > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + keep, message.length * 2));
        }
        payload.get(payload.position(), message, messageLength, keep);
        messageLength += keep;
    }

    private void deliver(Connection input) {
        if (messageTooLong) {
            log.info("[WS] remote={} fault=line-too-long max-line={}", remote, maxLineBytes);
            metrics.webSocketFault("line-too-long");
        }
        // Longer than the limit: the core answers ERR line-too-long, as for a stream.
        input.receivedLine(message, 0, messageLength);
        if (message.length > 4096) {
            message = new byte[256]; // a long message's buffer is not kept for the connection's life
        }
        messageLength = 0;
        messageTooLong = false;
    }

    private void demandUnlessPaused() {
        lock.lock();
        try {
            if (paused || closed) {
                demandOwed = !closed;
                return;
            }
        } finally {
            lock.unlock();
        }
        session.demand();
    }

    @Override
    public void pauseReading() {
        lock.lock();
        try {
            paused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        boolean demand;
        lock.lock();
        try {
            paused = false;
            demand = demandOwed;
            demandOwed = false;
        } finally {
            lock.unlock();
        }
        if (demand) {
            session.demand();
        }
    }

    @Override
    public void inputFinished(String reason) {
        metrics.webSocketClosed();
        close();
    }

    @Override
    public void onError(Throwable cause, Callback callback) {
        if (cause instanceof WebSocketException) {
            // A protocol fault Jetty found (a bad frame, a frame over the size limit): it closes with its code.
            log.warn("[WS] remote={} fault=protocol cause={}", remote, Quoted.json(String.valueOf(cause.getMessage())));
            metrics.webSocketFault("protocol");
        } else {
            log.debug("[WS] remote={} error={}", remote, cause.toString()); // the peer went away: its session says so
        }
        callback.succeeded();
    }

    @Override
    public void onClosed(CloseStatus closeStatus, Callback callback) {
        boolean weClosed;
        lock.lock();
        try {
            weClosed = closed;
            closed = true;
        } finally {
            lock.unlock();
        }
        callback.succeeded();
        Connection input = connection;
        if (input != null) {
            input.ended(weClosed ? "closed" : closeStatus.isAbnormal() ? "reset" : "quit");
        }
    }

    // ---- Transport: the core's lines out ----

    @Override
    public int write(ByteBuffer source) throws IOException {
        int start = source.position();
        int taken = 0;
        lock.lock();
        try {
            if (closed) {
                throw new IOException("WebSocket closed");
            }
            int limit = source.limit();
            int lineStart = start;
            int batched = 0; // bytes of this call's frames, handed back by the last frame's callback
            int end = inFlight < MAX_IN_FLIGHT ? lineEnd(source, start, limit) : -1;
            while (end >= 0) {
                int length = end - lineStart;
                byte[] line = new byte[length];
                source.get(lineStart, line);
                inFlight += length + 1;
                batched += length + 1;
                taken = end + 1 - start;
                int next = inFlight < MAX_IN_FLIGHT ? lineEnd(source, end + 1, limit) : -1;
                // One callback per call, not per line: Jetty completes a session's frames in order,
                // and a failure fails every frame still queued, the last one included.
                Callback done = next >= 0 ? Callback.NOOP : sent(batched);
                session.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(line)), done, next >= 0);
                lineStart = end + 1;
                end = next;
            }
        } finally {
            lock.unlock();
        }
        source.position(start + taken);
        return taken;
    }

    /** The index of the first LF in {@code source} from {@code from} to {@code limit}, or -1. */
    private static int lineEnd(ByteBuffer source, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (source.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** When Jetty has written a call's lines: room again, and the core hears of it if it asked. */
    private Callback sent(int bytes) {
        return Callback.from(() -> written(bytes), failure -> close());
    }

    private void written(int bytes) {
        boolean callBack;
        lock.lock();
        try {
            inFlight -= bytes;
            callBack = writableRequested && inFlight < MAX_IN_FLIGHT;
            if (callBack) {
                writableRequested = false;
            }
        } finally {
            lock.unlock();
        }
        Connection output = connection;
        if (callBack && output != null) {
            output.writable();
        }
    }

    @Override
    public void requestWritable() {
        boolean now;
        lock.lock();
        try {
            now = inFlight < MAX_IN_FLIGHT;
            writableRequested = !now;
        } finally {
            lock.unlock();
        }
        Connection output = connection;
        if (now && output != null) {
            output.writable();
        }
    }

    @Override
    public void finishOutput() {
        session.close(CloseStatus.NORMAL, null, Callback.NOOP); // queued after the lines already sent
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        session.abort();
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    /** wss on the HTTPS port, or ws from a trusted proxy that received TLS ({@link ClientAddress}). */
    @Override
    public boolean isSecure() {
        return secure;
    }

    private static ByteBuffer copy(ByteBuffer payload) {
        if (payload == null) {
            return ByteBuffer.allocate(0);
        }
        ByteBuffer copy = ByteBuffer.allocate(payload.remaining());
        copy.put(payload.duplicate()).flip();
        return copy;
    }
}
