package io.socketchat.server.internal;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's outbound queue and its writer.
 *
 * <p>Producers (any thread) only append. A writer virtual thread exists only while there is
 * something to write: the first offer to an empty queue starts one, and it ends when the queue
 * is empty, so an idle session costs no thread and no buffer. The writer copies as many queued
 * lines as fit into one pooled buffer per write system call; it takes the
 * whole queue in one atomic step, so producers and writer rarely touch the same memory.
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

    private static final byte[] END = new byte[0];
    private static final int MAX_BATCH_BYTES = 64 * 1024;
    /** Batch buffers of writers that finished; a writer holds one only while it writes. */
    private static final ConcurrentLinkedQueue<byte[]> BATCH_POOL = new ConcurrentLinkedQueue<>();
    private static final int MAX_POOLED = 64;
    private static final AtomicInteger POOLED = new AtomicInteger();

    /** One queued line; lines are pushed newest first and the writer takes them all at once. */
    private static final class Node {
        final byte[] line;
        Node next;

        Node(byte[] line) {
            this.line = line;
        }
    }

    /** Newest first; null when nothing waits. The writer swaps the whole list out in one step. */
    private final AtomicReference<Node> pending = new AtomicReference<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writerActive = new AtomicBoolean();
    private final Transport transport;
    private final long limitBytes;
    private final Owner owner;
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
        return pending.get() == null && !writerActive.get();
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
                return false;
            }
        }
        push(line);
        startWriterIfIdle();
        return true;
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
        push(END);
        startWriterIfIdle();
    }

    private void startWriterIfIdle() {
        if (!writerActive.get() && writerActive.compareAndSet(false, true)) {
            Thread.ofVirtual().start(this::drain);
        }
    }

    private void push(byte[] line) {
        Node node = new Node(line);
        Node head;
        do {
            head = pending.get();
            node.next = head;
        } while (!pending.compareAndSet(head, node));
    }

    /** Takes every queued line, oldest first, or null when there is none. */
    private Node takeAll() {
        Node newestFirst = pending.getAndSet(null);
        Node oldestFirst = null;
        while (newestFirst != null) {
            Node next = newestFirst.next;
            newestFirst.next = oldestFirst;
            oldestFirst = newestFirst;
            newestFirst = next;
        }
        return oldestFirst;
    }

    private void drain() {
        byte[] batch = null;
        try {
            while (true) {
                Node node = takeAll();
                if (node == null) {
                    writerActive.set(false);
                    // A producer may have queued after our take but before the flag cleared.
                    if (pending.get() == null || !writerActive.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                while (node != null) {
                    byte[] first = node.line;
                    if (first == END) {
                        transport.finishOutput();
                        return; // writerActive stays set: nothing may be written after END
                    }
                    Node second = node.next;
                    if (second == null || second.line == END || first.length + second.line.length > MAX_BATCH_BYTES) {
                        transport.write(first, 0, first.length);
                        released(first.length);
                        node = second;
                        continue;
                    }
                    if (batch == null) {
                        batch = takeBatchBuffer();
                    }
                    // Copy as many lines as fit into one write.
                    int filled = 0;
                    while (node != null && node.line != END && filled + node.line.length <= batch.length) {
                        System.arraycopy(node.line, 0, batch, filled, node.line.length);
                        filled += node.line.length;
                        node = node.next;
                    }
                    transport.write(batch, 0, filled);
                    released(filled);
                }
            }
        } catch (IOException e) {
            owner.outboundFailed(e);
        } finally {
            if (batch != null && POOLED.incrementAndGet() <= MAX_POOLED) {
                BATCH_POOL.offer(batch);
            } else if (batch != null) {
                POOLED.decrementAndGet();
            }
        }
    }

    private static byte[] takeBatchBuffer() {
        byte[] pooled = BATCH_POOL.poll();
        if (pooled == null) {
            return new byte[MAX_BATCH_BYTES];
        }
        POOLED.decrementAndGet();
        return pooled;
    }
}
