package io.socketchat.irc;

import io.socketchat.server.ChatServer;
import io.socketchat.server.transport.ConnectResult;
import io.socketchat.server.transport.Connection;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One IRC client on a blocking socket (plain or TLS), as a transport of the chat core. Its own
 * virtual thread reads: it frames IRC lines (at most 512 bytes, or 8191 more with tags), lets
 * the {@link IrcCodec} translate each, and hands the resulting protocol lines to the core as
 * an input that {@link InputThread#MAY_BLOCK}, so flood control and back-pressure pause this
 * reader and TCP slows the client down. When the client is silent for half the idle timeout,
 * the reader sends it a {@code PING}; its {@code PONG} reaches the core as activity.
 *
 * <p>{@link #write} never blocks the core's thread: it translates the protocol lines it takes
 * into IRC lines in a buffer of at most {@link #MAX_BUFFERED} bytes, and a writer virtual
 * thread, started only while there is something to write, drains that into the socket and
 * calls {@link Connection#writable()} when the core asked. So an idle connection holds one
 * parked reader thread and no writer. One lock guards the codec and the buffer; it is never
 * held across socket I/O nor while calling the core.
 */
final class IrcConnection implements Transport, InputControl {

    /** Bytes of translated lines not yet written, beyond which {@link #write} takes no more. */
    static final int MAX_BUFFERED = 64 * 1024;
    private static final int READ_BYTES = 2 * 1024;
    /** A buffer bigger than this is not kept once drained: an idle connection holds little. */
    private static final int KEEP_BUFFER = 1024;
    private static final long DRAIN_BEFORE_CLOSE_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final ChatServer server;
    private final Socket socket;
    private final Socket raw;
    private final String remote;
    private final Runnable onFinished;
    private final IrcCodec codec;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition inputResumed = lock.newCondition();
    private final Condition drained = lock.newCondition();
    private volatile Connection connection;

    // Guarded by lock.
    private IrcOutput pending;
    private IrcOutput spare;
    private int inWrite;
    private boolean writerRunning;
    private boolean writableRequested;
    private boolean finishRequested;
    private boolean readingPaused;
    private IOException writeFailure;
    /** The start of a line the core's last write ended inside. */
    private byte[] partial;
    private int partialLength;

    IrcConnection(ChatServer server, Socket socket, Socket raw, String version, Runnable onFinished) {
        this.server = server;
        this.socket = socket;
        this.raw = raw;
        this.remote = raw.getInetAddress().getHostAddress() + ":" + raw.getPort();
        this.onFinished = onFinished;
        this.codec = new IrcCodec(version);
    }

    /** On the connection's own virtual thread: admission, then the read loop until the end. */
    void run() {
        switch (server.connect(raw.getInetAddress(), this, this, InputThread.MAY_BLOCK)) {
            case ConnectResult.Refused refused -> {
                try {
                    String reason = refused.errorLine() == null ? "server shutting down" : refused.errorLine();
                    socket.getOutputStream().write(("ERROR :Closing link: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                } catch (IOException ignored) {
                    // the client is gone already
                }
                closeSocket();
                onFinished.run();
            }
            case ConnectResult.Admitted admitted -> {
                connection = admitted.connection();
                readLoop();
            }
        }
    }

    // ---- the reader ----

    private void readLoop() {
        byte[] buffer = new byte[READ_BYTES];
        byte[] line = new byte[256];
        int lineLength = 0;
        boolean tooLong = false;
        String reason;
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(pingMillis());
            read:
            while (true) {
                if (!awaitReading()) {
                    return; // closed meanwhile: the core has its reason
                }
                int read;
                try {
                    read = in.read(buffer);
                } catch (SocketTimeoutException quiet) {
                    pingClient();
                    continue;
                }
                if (read < 0) {
                    reason = "quit";
                    break;
                }
                for (int i = 0; i < read; i++) {
                    byte b = buffer[i];
                    if (b != '\n') {
                        if (lineLength < IrcCodec.MAX_TAGGED_LINE) {
                            if (lineLength == line.length) {
                                line = Arrays.copyOf(line, Math.min(line.length * 2, IrcCodec.MAX_TAGGED_LINE));
                            }
                            line[lineLength++] = b;
                        } else {
                            tooLong = true;
                        }
                        continue;
                    }
                    int length = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
                    int limit = length > 0 && line[0] == '@' ? IrcCodec.MAX_TAGGED_LINE : IrcCodec.MAX_LINE - 2;
                    boolean quit;
                    if (tooLong || length > limit) {
                        quit = handleTooLong();
                    } else {
                        quit = handle(new String(line, 0, length, StandardCharsets.UTF_8));
                    }
                    lineLength = 0;
                    tooLong = false;
                    if (line.length > 1024) {
                        line = new byte[256];
                    }
                    if (quit) {
                        reason = "quit";
                        break read;
                    }
                }
            }
        } catch (IOException e) {
            reason = closed.get() ? "closed" : "reset";
        }
        Connection input = connection;
        input.ended(reason);
    }

    /** One IRC line: translated under the lock, then its protocol lines go to the core. True when the client quits. */
    private boolean handle(String text) {
        List<String> lines;
        boolean quit;
        lock.lock();
        try {
            IrcOutput out = output();
            lines = codec.fromClient(text, out);
            quit = out.closeAfterWrite;
            startWriter();
        } finally {
            lock.unlock();
        }
        Connection input = connection;
        for (String line : lines) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            input.receivedLine(bytes, 0, bytes.length);
        }
        if (quit) {
            awaitDrained();
        }
        return quit;
    }

    private boolean handleTooLong() {
        lock.lock();
        try {
            codec.inputTooLong(output());
            startWriter();
        } finally {
            lock.unlock();
        }
        return false;
    }

    private void pingClient() {
        lock.lock();
        try {
            String ping = codec.pingClient();
            if (ping != null) {
                output().line(ping);
                startWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Half the idle timeout, as it is now: the client is PINGed after that much silence. */
    private int pingMillis() {
        Duration idle = server.idleTimeout();
        return (int) Math.clamp(idle.toMillis() / 2, 500, Integer.MAX_VALUE);
    }

    /** Waits while the core paused reading; false once the connection is closed. */
    private boolean awaitReading() {
        lock.lock();
        try {
            while (readingPaused && !closed.get()) {
                inputResumed.awaitUninterruptibly();
            }
            return !closed.get();
        } finally {
            lock.unlock();
        }
    }

    /** Before closing on our side (QUIT, a refused password): the last lines go out first, within 2 s. */
    private void awaitDrained() {
        lock.lock();
        try {
            long left = DRAIN_BEFORE_CLOSE_NANOS;
            while (writerRunning && left > 0 && !closed.get()) {
                left = drained.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // ---- InputControl ----

    @Override
    public void pauseReading() {
        lock.lock();
        try {
            readingPaused = true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void resumeReading() {
        lock.lock();
        try {
            readingPaused = false;
            inputResumed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void inputFinished(String reason) {
        close();
        onFinished.run();
    }

    // ---- Transport: the core's lines out, translated ----

    @Override
    public int write(ByteBuffer source) throws IOException {
        int start = source.position();
        int limit = source.limit();
        byte[] bytes;
        int base;
        if (source.hasArray()) {
            bytes = source.array();
            base = source.arrayOffset();
        } else {
            bytes = new byte[limit - start];
            source.get(start, bytes);
            base = -start;
        }
        int taken = 0;
        boolean closeAfter;
        lock.lock();
        try {
            if (writeFailure != null) {
                throw writeFailure;
            }
            if (closed.get()) {
                throw new IOException("closed");
            }
            IrcOutput out = output();
            int lineStart = start;
            int i = start;
            boolean holding = false;
            for (; i < limit && out.size + inWrite < MAX_BUFFERED; i++) {
                if (i == lineStart && partialLength == 0 && codec.holdsOutput()) {
                    holding = true; // the rest stays in the core's queue until registration completes
                    break;
                }
                if (bytes[base + i] == '\n') {
                    if (partialLength > 0) {
                        // The core's staging buffer may end inside a line: its start was kept from the last write.
                        appendPartial(bytes, base + lineStart, i - lineStart);
                        codec.fromServer(partial, 0, partialLength, out);
                        partialLength = 0;
                        if (partial.length > KEEP_BUFFER) {
                            partial = null;
                        }
                    } else {
                        codec.fromServer(bytes, base + lineStart, i - lineStart, out);
                    }
                    lineStart = i + 1;
                }
            }
            if (!holding && i == limit && lineStart < limit) {
                appendPartial(bytes, base + lineStart, limit - lineStart); // the rest of it comes next
                lineStart = limit;
            }
            taken = lineStart - start;
            closeAfter = out.closeAfterWrite;
            out.closeAfterWrite = false;
            startWriter();
        } finally {
            lock.unlock();
        }
        source.position(start + taken);
        if (closeAfter) {
            Thread.ofVirtual().name("chat-irc-close").start(() -> {
                awaitDrained();
                close();
            });
        }
        return taken;
    }

    /** Holding the lock: keeps the start of a line whose end has not come yet. */
    private void appendPartial(byte[] bytes, int offset, int length) {
        if (partial == null) {
            partial = new byte[Math.max(256, length)];
        }
        if (partialLength + length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partialLength + length, partial.length * 2));
        }
        System.arraycopy(bytes, offset, partial, partialLength, length);
        partialLength += length;
    }

    /** Never calls back on the caller's stack: the writer thread does, once the buffer has room. */
    @Override
    public void requestWritable() {
        lock.lock();
        try {
            writableRequested = true;
            startWriter();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finishOutput() {
        lock.lock();
        try {
            finishRequested = true;
            startWriter();
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: the buffer to append to. */
    private IrcOutput output() {
        if (pending == null) {
            pending = spare != null ? spare : new IrcOutput(512);
            spare = null;
        }
        return pending;
    }

    /** Holding the lock: starts the writer thread if there is work and none runs. */
    private void startWriter() {
        if (writerRunning || closed.get()) {
            return;
        }
        if ((pending != null && pending.size > 0) || finishRequested || writableRequested) {
            writerRunning = true;
            Thread.ofVirtual().name("chat-irc-writer").start(this::drain);
        }
    }

    /** The writer thread: writes what is buffered, calls back the core when asked, finishes the output, then ends. */
    private void drain() {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                IrcOutput batch = null;
                boolean callBack = false;
                boolean finish = false;
                lock.lock();
                try {
                    if (closed.get()) {
                        stopWriter();
                        return;
                    }
                    int queued = pending == null ? 0 : pending.size;
                    if (writableRequested && queued < MAX_BUFFERED && !codec.holdsOutput()) {
                        writableRequested = false;
                        callBack = true;
                    } else if (queued > 0) {
                        batch = pending;
                        pending = spare;
                        spare = null;
                        inWrite = batch.size;
                    } else if (finishRequested) {
                        finish = true;
                    } else {
                        stopWriter();
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                if (callBack) {
                    connection.writable(); // refills the buffer through write(), never holding the lock
                    continue;
                }
                if (finish) {
                    socket.shutdownOutput(); // FIN, or TLS close_notify
                    lock.lock();
                    try {
                        finishRequested = false;
                        stopWriter();
                    } finally {
                        lock.unlock();
                    }
                    return;
                }
                out.write(batch.bytes, 0, batch.size);
                lock.lock();
                try {
                    inWrite = 0;
                    batch.size = 0;
                    if (batch.bytes.length <= KEEP_BUFFER) {
                        spare = batch;
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            lock.lock();
            try {
                writeFailure = e;
                stopWriter();
            } finally {
                lock.unlock();
            }
            closeSocket(); // the reader then ends the session
        }
    }

    /** Holding the lock: the writer ends; big buffers go. */
    private void stopWriter() {
        writerRunning = false;
        spare = null;
        if (pending != null && pending.size == 0 && pending.bytes.length > KEEP_BUFFER) {
            pending = null;
        }
        drained.signalAll();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            inputResumed.signalAll();
            drained.signalAll();
        } finally {
            lock.unlock();
        }
        closeSocket();
        Connection input = connection;
        if (input != null) {
            input.ended("closed");
        }
    }

    /** Closes the TCP socket under any TLS layer: a blocked read or write fails at once. */
    private void closeSocket() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // best effort: the socket is unusable either way
        }
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    /** The ircs port's connections are TLS: a password may come on them from any address. */
    @Override
    public boolean isSecure() {
        return socket != raw;
    }
}
