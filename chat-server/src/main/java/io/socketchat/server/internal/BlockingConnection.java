package io.socketchat.server.internal;

import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A client on a blocking socket (a plain one under {@code --io virtual}, or a TLS one), served
 * by two virtual threads: a reader that blocks in {@code read} and hands the bytes to the
 * session's {@link Inbound} (the same input pipeline as the I/O loops; this reader may block,
 * so it handles every line itself), and a writer that blocks in {@code write}.
 *
 * <p>{@link #write} never blocks its caller (which may be an I/O loop thread in a broadcast):
 * it copies what fits into a bounded buffer ({@link #MAX_BUFFERED} bytes) that the writer thread
 * drains into the socket. After a short write the writer calls the connection's {@code writable()}
 * once room has freed up, as the I/O loop does for a TCP socket that drained. Pausing input (a
 * full input queue, flood control) makes the reader wait before its next read. The lock is
 * held only to move indexes and copy bytes, never across socket I/O.
 */
final class BlockingConnection implements Transport, InputControl {

    /** Bytes taken from the session but not yet written to the socket, at most. */
    static final int MAX_BUFFERED = 64 * 1024;
    private static final int INITIAL_BUFFER = 4 * 1024;
    /** At most one TLS record's plaintext per read (and as much for a plain socket). */
    private static final int READ_BYTES = 16 * 1024;
    /** A reader that found no room although reading was not paused looks again this soon. */
    private static final long ROOM_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Socket socket;
    private final Socket raw;
    private final String threadPrefix;
    private final String remoteAddress;
    private final Runnable onFinished;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition outputReady = lock.newCondition();
    private final Condition inputResumed = lock.newCondition();
    // Guarded by lock: a ring of bytes waiting for the writer thread.
    private byte[] ring;
    private int head;
    private int count;
    private boolean writableRequested;
    private boolean finishRequested;
    private boolean readingPaused;
    private IOException writeFailure;
    private Inbound inbound;
    /** The memory budget the buffered bytes are charged to, as a socket's are not. */
    private MemoryBudget budget;
    /** What the buffer last reported to the budget; guarded by lock. */
    private long charged;

    /**
     * @param socket       the stream the session's bytes go through (a TLS socket over {@code raw}, or {@code raw} itself)
     * @param raw          the TCP socket underneath, which closing ends every blocked read and write
     * @param threadPrefix names the reader and writer threads, e.g. {@code chat-tls}
     * @param onFinished   runs once, after the session has ended and the socket is closed
     */
    BlockingConnection(Socket socket, Socket raw, String threadPrefix, String remoteAddress, Runnable onFinished) {
        this.socket = socket;
        this.raw = raw;
        this.threadPrefix = threadPrefix;
        this.remoteAddress = remoteAddress;
        this.onFinished = onFinished;
    }

    /** Starts the reader and writer threads for {@code owner}. */
    void start(ClientSession owner, int maxLineBytes) {
        this.budget = owner.budget();
        this.inbound = new Inbound(owner, this, InputThread.MAY_BLOCK, maxLineBytes);
        Thread.ofVirtual().name(threadPrefix + "-writer").start(this::writeLoop);
        Thread.ofVirtual().name(threadPrefix + "-reader").start(this::readLoop);
    }

    // ---- the reader thread ----

    private void readLoop() {
        byte[] buffer = new byte[READ_BYTES];
        String reason;
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int room = awaitRoom();
                if (room < 0) {
                    return; // input ended meanwhile (closed): the Inbound has its reason
                }
                int read = in.read(buffer, 0, Math.min(room, buffer.length));
                if (read < 0) {
                    reason = "quit";
                    break;
                }
                if (read > 0) {
                    inbound.received(buffer, 0, read);
                }
            }
        } catch (IOException e) {
            reason = closed.get() ? "closed" : "reset";
        }
        inbound.ended(reason);
    }

    /** Waits while reading is paused; returns how much may be read, or -1 once the connection is closed. */
    private int awaitRoom() {
        while (true) {
            if (closed.get()) {
                return -1;
            }
            int room = inbound.room();
            if (room > 0) {
                return room;
            }
            lock.lock();
            try {
                if (readingPaused) {
                    inputResumed.awaitUninterruptibly();
                } else {
                    // No room yet not paused: the queue is being handed over right now.
                    inputResumed.awaitNanos(ROOM_RETRY_NANOS);
                }
            } catch (InterruptedException e) {
                return -1;
            } finally {
                lock.unlock();
            }
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

    // ---- Transport ----

    @Override
    public int write(ByteBuffer source) throws IOException {
        lock.lock();
        try {
            if (writeFailure != null) {
                throw writeFailure;
            }
            if (closed.get()) {
                throw new IOException("closed");
            }
            int taken = Math.min(source.remaining(), MAX_BUFFERED - count);
            if (taken == 0) {
                return 0;
            }
            ensureCapacity(count + taken);
            int tail = (head + count) % ring.length;
            int first = Math.min(taken, ring.length - tail);
            source.get(ring, tail, first);
            if (first < taken) {
                source.get(ring, 0, taken - first);
            }
            count += taken;
            charge();
            outputReady.signal();
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Holding the lock: tells the budget what the buffer holds now (nothing once closed). */
    private void charge() {
        long now = closed.get() ? 0 : count;
        if (budget != null && now != charged) {
            budget.changed(charged, now);
            charged = now;
        }
    }

    /** Holding the lock: grows the ring (doubling, up to {@link #MAX_BUFFERED}) to hold {@code needed} bytes. */
    private void ensureCapacity(int needed) {
        if (ring != null && ring.length >= needed) {
            return;
        }
        int size = ring == null ? INITIAL_BUFFER : ring.length;
        while (size < needed) {
            size *= 2;
        }
        byte[] grown = new byte[Math.min(size, MAX_BUFFERED)];
        for (int i = 0; i < count; i++) {
            grown[i] = ring[(head + i) % ring.length];
        }
        ring = grown;
        head = 0;
    }

    @Override
    public void requestWritable() {
        lock.lock();
        try {
            writableRequested = true;
            outputReady.signal(); // the writer calls back once it has made room
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void finishOutput() {
        lock.lock();
        try {
            finishRequested = true;
            outputReady.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The writer thread: moves the buffered bytes into the socket, then finishes the output when asked. */
    private void writeLoop() {
        try {
            OutputStream out = socket.getOutputStream();
            while (true) {
                byte[] bytes;
                int start;
                int length;
                boolean callBack;
                lock.lock();
                try {
                    while (count == 0 && !finishRequested && !(writableRequested && count < MAX_BUFFERED) && !closed.get()) {
                        outputReady.awaitUninterruptibly();
                    }
                    if (closed.get()) {
                        return;
                    }
                    callBack = writableRequested && count < MAX_BUFFERED;
                    if (callBack) {
                        writableRequested = false;
                    }
                    bytes = ring;
                    start = head;
                    length = count == 0 ? 0 : Math.min(count, ring.length - head);
                    if (length == 0 && !callBack && finishRequested) {
                        break;
                    }
                } finally {
                    lock.unlock();
                }
                if (callBack) {
                    inbound.writable(); // refills the ring through write(): never holding the lock
                    continue;
                }
                // Producers only append after head + count, and a grown ring is a copy: the bytes
                // being written stay put.
                out.write(bytes, start, length);
                lock.lock();
                try {
                    head = (head + length) % ring.length;
                    count -= length;
                    if (count == 0) {
                        head = 0;
                    }
                    charge();
                } finally {
                    lock.unlock();
                }
            }
            socket.shutdownOutput(); // FIN, or TLS close_notify, once everything was written
        } catch (IOException e) {
            lock.lock();
            try {
                writeFailure = e;
            } finally {
                lock.unlock();
            }
            closeSocket(); // the reader then ends the session
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            charge(); // closed: the buffer's bytes are given back
            outputReady.signalAll();
            inputResumed.signalAll();
        } finally {
            lock.unlock();
        }
        closeSocket();
        if (inbound != null) {
            inbound.ended("closed"); // as TCP: a reader paused on a full queue has nothing left to read
        }
    }

    /**
     * Closes the TCP socket (under the TLS layer, if any): a thread blocked in a read or write
     * fails at once. (Closing a TLS socket would first try to send close_notify, which waits
     * for a writer stuck on a peer that does not read.)
     */
    private void closeSocket() {
        try {
            raw.close();
        } catch (IOException ignored) {
            // closing is best effort; the socket is unusable either way
        }
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isSecure() {
        return socket instanceof javax.net.ssl.SSLSocket;
    }
}
