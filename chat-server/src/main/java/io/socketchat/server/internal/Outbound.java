package io.socketchat.server.internal;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * last write was in progress goes out in the next one. The buffer is guarded by this object's
 * monitor, held only for a copy of one line or a swap, never across I/O (so no virtual thread
 * is pinned while blocked); a monitor costs no memory until contended. (A spin lock was tried:
 * on this oversubscribed 2-core machine a preempted holder left the other core spinning.)
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
    /** A buffer that grew past this during a burst is not kept for the next one. */
    private static final int KEEP_BUFFER_MAX = 64 * 1024;

    private final AtomicBoolean writerActive = new AtomicBoolean();
    /** Set by the first offer that does not fit: the owner is told once, later offers are refused. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Transport transport;
    private final long limitBytes;
    private final Owner owner;
    // Guarded by this object's monitor: the bytes not yet taken by the writer.
    private byte[] pending;
    private int pendingLength;
    /** Bytes the writer took and is writing now; they still count against the limit. */
    private int writing;
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

    synchronized long queuedBytes() {
        return (long) pendingLength + writing;
    }

    boolean isDrained() {
        synchronized (this) {
            if (pendingLength > 0 || writing > 0) {
                return false;
            }
        }
        return !writerActive.get();
    }

    /**
     * Queues one encoded line.
     *
     * @return false if the queue is ended or overflowed (the owner has been told)
     */
    boolean offer(byte[] line) {
        if (ended || overflowed.get()) {
            return false;
        }
        long queued = tryAppend(line);
        if (queued > limitBytes && (!Thread.currentThread().isVirtual() || !awaitRoom(line))) {
            // Several senders can hit the full queue at once; only one may report the client slow.
            if (overflowed.compareAndSet(false, true)) {
                owner.outboundOverflow(queued);
            }
            return false;
        }
        startWriterIfIdle();
        return true;
    }

    /** Appends the line if it fits; returns the queued bytes it would make (appended or not). */
    private synchronized long tryAppend(byte[] line) {
        long queued = (long) pendingLength + writing + line.length;
        if (queued <= limitBytes) {
            append(line);
        }
        return queued;
    }

    private void append(byte[] line) {
        int needed = pendingLength + line.length;
        if (pending == null || needed > pending.length) {
            // The first line of a wake gets an exact fit: most wakes carry one line (a fan-out
            // to thousands allocates this per recipient); a burst then doubles it.
            int capacity = pending == null ? 0 : pending.length * 2;
            byte[] grown = new byte[Math.max(capacity, needed)];
            if (pendingLength > 0) {
                System.arraycopy(pending, 0, grown, 0, pendingLength);
            }
            pending = grown;
        }
        System.arraycopy(line, 0, pending, pendingLength, line.length);
        pendingLength = needed;
    }

    /** Waits until the line fits and appends it; false after the wait limit. */
    private boolean awaitRoom(byte[] line) {
        ReentrantLock lock = roomLock();
        long remaining = FULL_WAIT_NANOS;
        long waitStart = System.nanoTime();
        lock.lock();
        try {
            waiting++;
            try {
                while (true) {
                    if (tryAppend(line) <= limitBytes) {
                        return true;
                    }
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

    private ReentrantLock roomLock() {
        synchronized (this) {
            if (roomLock == null) {
                ReentrantLock lock = new ReentrantLock();
                room = lock.newCondition();
                roomLock = lock;
            }
            return roomLock;
        }
    }

    /** After the writer freed bytes: wake producers waiting for room, if any. */
    private void released() {
        synchronized (this) {
            writing = 0;
        }
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
        synchronized (this) {
            endRequested = true;
        }
        startWriterIfIdle();
    }

    private void startWriterIfIdle() {
        if (!writerActive.get() && writerActive.compareAndSet(false, true)) {
            Thread.ofVirtual().start(this::drain);
        }
    }


    private void drain() {
        // Before going idle the writer yields once: during a fan-out the broadcasting thread
        // usually appends again within moments, and finding that line costs far less than
        // ending this thread and starting another (F2: ~15% less server CPU per delivery).
        boolean yielded = false;
        try {
            while (true) {
                byte[] taken;
                int length;
                boolean finish;
                synchronized (this) {
                    taken = pending;
                    length = pendingLength;
                    finish = endRequested;
                    pending = spare;
                    pendingLength = 0;
                    writing = length;
                }
                spare = null;
                if (length > 0) {
                    transport.write(taken, 0, length);
                    released();
                    spare = taken.length <= KEEP_BUFFER_MAX ? taken : null;
                    yielded = false;
                    continue;
                }
                spare = taken;
                if (finish) {
                    transport.finishOutput();
                    return; // writerActive stays set: nothing may be written after the end
                }
                if (!yielded) {
                    yielded = true;
                    Thread.yield();
                    continue;
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
        synchronized (this) {
            if (pendingLength == 0) {
                pending = null;
            }
        }
        spare = null;
        writerActive.set(false);
        boolean more;
        synchronized (this) {
            more = pendingLength > 0 || endRequested;
        }
        return !more || !writerActive.compareAndSet(false, true);
    }
}
