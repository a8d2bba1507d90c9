package io.socketchat.server.internal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's outbound queue and its writer.
 *
 * <p>Producers (any thread) append a line's bytes to the session's pending buffer. A writer
 * virtual thread exists only while there is something to write: the first offer to an idle
 * session starts one; it swaps the pending buffer for an empty one, writes everything it took
 * in one system call, and ends when nothing is pending, dropping its buffers, so an idle
 * session costs no thread and no buffer. Coalescing is natural: whatever queued while the
 * last write was in progress goes out in the next one. The buffer is guarded by a spin lock
 * held only for a copy of one line or a swap.
 *
 * <p>When a line would take the queue past its limit, a producer that is a client's reader (a
 * virtual thread) waits for the writer to make room, but only while the writer keeps draining:
 * a fast sender is slowed to the pace of readers that are keeping up (TCP back-pressure passes
 * on to the sender) instead of a healthy but momentarily busy reader being cut off. A client
 * whose writer made no progress for {@link #STALL_NANOS} (it stopped reading), or that is
 * still full after {@link #FULL_WAIT_NANOS}, is reported as overflowing and disconnected as
 * slow, so a stuck client holds others up for at most that long, once. Other threads (the
 * timer, the console) never wait.
 */
final class Outbound {

    /** Called when the queue outgrows its limit or the transport fails. */
    interface Owner {
        void outboundOverflow(long queuedBytes);

        void outboundFailed(IOException cause);
    }

    /** The longest a client's reader waits for room in another client's full queue. */
    static final long FULL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** A full queue whose writer wrote nothing for this long belongs to a client that stopped reading. */
    static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final int MIN_BUFFER = 512;
    /** A buffer that grew past this during a burst is not kept for the next one. */
    private static final int KEEP_BUFFER_MAX = 64 * 1024;
    private static final VarHandle LOCKED;

    static {
        try {
            LOCKED = MethodHandles.lookup().findVarHandle(Outbound.class, "locked", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writerActive = new AtomicBoolean();
    private final Transport transport;
    private final long limitBytes;
    private final Owner owner;
    @SuppressWarnings("unused") // through LOCKED
    private volatile int locked;
    // Guarded by the spin lock: the bytes not yet taken by the writer.
    private byte[] pending;
    private int pendingLength;
    private boolean endRequested;
    // The writer's own: the buffer it wrote last, reused while it keeps running.
    private byte[] spare;
    private volatile boolean ended;
    /** Producers waiting for room; the writer signals only when there are any. */
    private volatile int waiting;
    /** When the writer last finished a write; only read while a producer waits for room. */
    private volatile long lastDrainNanos = System.nanoTime();
    private ReentrantLock roomLock;
    private Condition room;

    Outbound(Transport transport, long limitBytes, Owner owner) {
        this.transport = transport;
        this.limitBytes = limitBytes;
        this.owner = owner;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    boolean isDrained() {
        return queuedBytes.get() == 0 && !writerActive.get();
    }

    /**
     * Queues one encoded line.
     *
     * @return false if the queue is ended or overflowed (the owner has been told)
     */
    boolean offer(byte[] line) {
        if (ended) {
            return false;
        }
        long queued = queuedBytes.addAndGet(line.length);
        if (queued > limitBytes) {
            queuedBytes.addAndGet(-line.length);
            if (!Thread.currentThread().isVirtual() || !awaitRoom(line.length)) {
                owner.outboundOverflow(queued);
                return false;
            }
            if (ended) {
                queuedBytes.addAndGet(-line.length);
                return false;
            }
        }
        lock();
        try {
            append(line);
        } finally {
            unlock();
        }
        startWriterIfIdle();
        return true;
    }

    private void append(byte[] line) {
        int needed = pendingLength + line.length;
        if (pending == null || needed > pending.length) {
            int capacity = Math.max(MIN_BUFFER, pending == null ? 0 : pending.length * 2);
            byte[] grown = new byte[Math.max(capacity, needed)];
            if (pendingLength > 0) {
                System.arraycopy(pending, 0, grown, 0, pendingLength);
            }
            pending = grown;
        }
        System.arraycopy(line, 0, pending, pendingLength, line.length);
        pendingLength = needed;
    }

    private void lock() {
        while (!LOCKED.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlock() {
        LOCKED.setRelease(this, 0);
    }

    /** Waits until {@code length} more bytes fit, reserving them; false after the wait limit. */
    private boolean awaitRoom(int length) {
        ReentrantLock lock = roomLock();
        long remaining = FULL_WAIT_NANOS;
        long waitStart = System.nanoTime();
        lock.lock();
        try {
            waiting++;
            try {
                while (true) {
                    long queued = queuedBytes.addAndGet(length);
                    if (queued <= limitBytes) {
                        return true;
                    }
                    queuedBytes.addAndGet(-length);
                    if (remaining <= 0 || ended || System.nanoTime() - Math.max(lastDrainNanos, waitStart) > STALL_NANOS) {
                        return false;
                    }
                    long slice = Math.min(remaining, WAIT_SLICE_NANOS);
                    remaining -= slice - room.awaitNanos(slice);
                }
            } finally {
                waiting--;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    private synchronized ReentrantLock roomLock() {
        if (roomLock == null) {
            ReentrantLock lock = new ReentrantLock();
            room = lock.newCondition();
            roomLock = lock;
        }
        return roomLock;
    }

    /** After the writer freed bytes: wake producers waiting for room, if any. */
    private void released(int bytes) {
        queuedBytes.addAndGet(-bytes);
        if (waiting > 0) {
            lastDrainNanos = System.nanoTime();
            ReentrantLock lock = roomLock();
            lock.lock();
            try {
                room.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** No more lines: the writer writes what is queued, then finishes the transport's output. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        lock();
        try {
            endRequested = true;
        } finally {
            unlock();
        }
        startWriterIfIdle();
    }

    private void startWriterIfIdle() {
        if (!writerActive.get() && writerActive.compareAndSet(false, true)) {
            Thread.ofVirtual().start(this::drain);
        }
    }

    private void drain() {
        try {
            while (true) {
                byte[] taken;
                int length;
                boolean finish;
                lock();
                try {
                    taken = pending;
                    length = pendingLength;
                    finish = endRequested;
                    pending = spare;
                    pendingLength = 0;
                } finally {
                    unlock();
                }
                spare = null;
                if (length > 0) {
                    transport.write(taken, 0, length);
                    released(length);
                    spare = taken.length <= KEEP_BUFFER_MAX ? taken : null;
                    continue;
                }
                spare = taken;
                if (finish) {
                    transport.finishOutput();
                    return; // writerActive stays set: nothing may be written after the end
                }
                if (idle()) {
                    return;
                }
            }
        } catch (IOException e) {
            owner.outboundFailed(e);
        }
    }

    /**
     * Nothing was pending: drop the buffers and stop, unless a producer queued after our last
     * look but before the flag cleared (then it did not start a writer, so we go on).
     */
    private boolean idle() {
        lock();
        try {
            if (pendingLength == 0) {
                pending = null;
            }
        } finally {
            unlock();
        }
        spare = null;
        writerActive.set(false);
        boolean more;
        lock();
        try {
            more = pendingLength > 0 || endRequested;
        } finally {
            unlock();
        }
        return !more || !writerActive.compareAndSet(false, true);
    }
}
