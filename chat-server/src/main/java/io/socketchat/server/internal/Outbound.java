package io.socketchat.server.internal;

import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A session's outbound queue and its writer.
 *
 * <p>Producers (any thread) only append and never block. A writer virtual thread exists only
 * while there is something to write: the first offer to an empty queue starts one, and it
 * ends when the queue is empty, so an idle session costs no thread and no buffer. The writer
 * copies as many queued lines as fit into one buffer per write system call.
 */
final class Outbound {

    /** Called when the queue outgrows its limit or the transport fails. */
    interface Owner {
        void outboundOverflow(long queuedBytes);

        void outboundFailed(IOException cause);
    }

    private static final byte[] END = new byte[0];
    private static final int MAX_BATCH_BYTES = 64 * 1024;

    private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writerActive = new AtomicBoolean();
    /** Set by the first offer that does not fit: the owner is told once, later offers are refused. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Transport transport;
    private final long limitBytes;
    private final Owner owner;
    private volatile boolean ended;

    Outbound(Transport transport, long limitBytes, Owner owner) {
        this.transport = transport;
        this.limitBytes = limitBytes;
        this.owner = owner;
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    boolean isDrained() {
        return queue.isEmpty() && !writerActive.get();
    }

    /**
     * Queues one encoded line.
     *
     * @return false if the queue is ended or just overflowed (the owner has been told)
     */
    boolean offer(byte[] line) {
        if (ended || overflowed.get()) {
            return false;
        }
        long queued = queuedBytes.addAndGet(line.length);
        if (queued > limitBytes) {
            queuedBytes.addAndGet(-line.length);
            // Several senders can hit the full queue at once; only one may report the client slow.
            if (overflowed.compareAndSet(false, true)) {
                owner.outboundOverflow(queued);
            }
            return false;
        }
        queue.add(line);
        startWriterIfIdle();
        return true;
    }

    /** No more lines: the writer writes what is queued, then finishes the transport's output. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        queue.add(END);
        startWriterIfIdle();
    }

    private void startWriterIfIdle() {
        if (writerActive.compareAndSet(false, true)) {
            Thread.ofVirtual().start(this::drain);
        }
    }

    private void drain() {
        byte[] batch = null;
        try {
            while (true) {
                byte[] first = queue.poll();
                if (first == null) {
                    writerActive.set(false);
                    // A producer may have queued after our poll but before the flag cleared.
                    if (queue.isEmpty() || !writerActive.compareAndSet(false, true)) {
                        return;
                    }
                    continue;
                }
                if (first == END) {
                    transport.finishOutput();
                    return; // writerActive stays set: nothing may be written after END
                }
                byte[] second = queue.peek();
                if (second == null || second == END || first.length + second.length > MAX_BATCH_BYTES) {
                    transport.write(first, 0, first.length);
                    queuedBytes.addAndGet(-first.length);
                    continue;
                }
                if (batch == null) {
                    batch = new byte[MAX_BATCH_BYTES];
                }
                int filled = fillBatch(batch, first);
                transport.write(batch, 0, filled);
                queuedBytes.addAndGet(-filled);
            }
        } catch (IOException e) {
            owner.outboundFailed(e);
        }
    }

    private int fillBatch(byte[] batch, byte[] first) {
        System.arraycopy(first, 0, batch, 0, first.length);
        int filled = first.length;
        byte[] next;
        while ((next = queue.peek()) != null && next != END && filled + next.length <= batch.length) {
            queue.poll();
            System.arraycopy(next, 0, batch, filled, next.length);
            filled += next.length;
        }
        return filled;
    }
}
