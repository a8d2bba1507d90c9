package io.socketchat.server.internal;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * The party queuing lines right now, passed explicitly down every send path: it collects the
 * outbound queues it filled so each is written once when its work is done, and it records
 * the queues it filled past their limit, which its input must wait for before the next line.
 *
 * <p>An input pipeline handling a chunk of a client's input holds a batched one: a chunk often
 * holds many lines (a fast sender's whole TCP segment), and writing each recipient's lines
 * once per chunk instead of once per line turns hundreds of system calls into one. A queue is
 * listed only by the line that made it non-empty, so the list holds each queue once. Parties
 * with no input of their own (the timer, the console, an observer, a plugin's own thread)
 * use {@link #IMMEDIATE}: their lines are written at once and nothing holds them back, except
 * that a broadcast opens a batch of its own for its duration (see {@code LocalDelivery}).
 *
 * <p>A batch belongs to one thread at a time (the one handling that input); it is not
 * thread-safe. It also lends its owner one direct staging buffer for gathering writes.
 */
class FlushBatch {

    /** What a line to a full queue does to the party that queues it: declared by that party, never guessed. */
    enum WhenFull {
        /** The recipient is cut off as slow: the party has no input that could slow down (the timer, the console). */
        CUT_OFF,
        /**
         * The line is queued anyway (up to twice the limit) and the party's input waits for the
         * queue before its next line: an input thread that must never block (an I/O loop).
         */
        HOLD_BACK_INPUT,
        /** The party waits here for room: an input that may block (its own virtual thread). */
        WAIT_FOR_ROOM
    }

    /** A session's outbound queue, as a batch sees it ({@link Outbound} is the one). */
    interface Queue {
        /** Writes what is pending, unless another thread is writing it; {@code batch} lends the staging buffer. */
        void flush(FlushBatch batch);

        /** Writes what {@code batch} holds, then waits until this queue is within its limit (or cut off). */
        void awaitWithinLimit(FlushBatch batch);
    }

    /** Writes at once; a full queue cuts its client off: for parties that have no input to pause. */
    static final FlushBatch IMMEDIATE = new FlushBatch(WhenFull.CUT_OFF) {
        @Override
        void schedule(Queue outbound) {
            outbound.flush(this);
        }

        @Override
        void holdBackFor(Queue outbound) {
            // nothing to hold back: this party reads no client's input
        }

        @Override
        ByteBuffer takeStaging() {
            return StagingBuffers.acquire();
        }

        @Override
        void giveBackStaging(ByteBuffer buffer) {
            StagingBuffers.release(buffer);
        }

        @Override
        void flush() {
            // every line was written when it was queued
        }
    };

    private Queue[] queued = new Queue[8];
    private int size;
    private Queue[] spare;
    /** The queues filled past their limit: the sender's input waits for each before its next line. */
    private Queue[] heldBackBy = new Queue[0];
    private int heldBackCount;
    /** The staging buffer this batch lends, while it is not lent out. */
    private ByteBuffer staging;

    private final WhenFull whenFull;

    FlushBatch(WhenFull whenFull) {
        this.whenFull = whenFull;
    }

    /** The batch for lines queued while handling input on an input thread of this kind. */
    static FlushBatch forInput(boolean inputMayBlock) {
        return new FlushBatch(inputMayBlock ? WhenFull.WAIT_FOR_ROOM : WhenFull.HOLD_BACK_INPUT);
    }

    WhenFull whenFull() {
        return whenFull;
    }

    /** Writes {@code outbound} when this batch is flushed. */
    void schedule(Queue outbound) {
        if (size == queued.length) {
            Queue[] grown = new Queue[size * 2];
            System.arraycopy(queued, 0, grown, 0, size);
            queued = grown;
        }
        queued[size++] = outbound;
    }

    /** {@code outbound} went over its limit: the sender's next line waits until it has room. */
    void holdBackFor(Queue outbound) {
        for (int i = 0; i < heldBackCount; i++) {
            if (heldBackBy[i] == outbound) {
                return;
            }
        }
        if (heldBackCount == heldBackBy.length) {
            heldBackBy = java.util.Arrays.copyOf(heldBackBy, Math.max(4, heldBackCount * 2));
        }
        heldBackBy[heldBackCount++] = outbound;
    }

    boolean isHeldBack() {
        return heldBackCount > 0;
    }

    /** The queues the sender must wait for (every one a line took past its limit); clears them. */
    List<Queue> takeHeldBack() {
        if (heldBackCount == 0) {
            return List.of();
        }
        List<Queue> queues = List.of(java.util.Arrays.copyOf(heldBackBy, heldBackCount));
        java.util.Arrays.fill(heldBackBy, 0, heldBackCount, null);
        heldBackCount = 0;
        return queues;
    }

    /**
     * On the sender's command thread: writes what this batch holds, then waits until each
     * queue it was held back for is within its limit (or cut off as slow).
     */
    void awaitHeldBack() {
        for (Queue outbound : takeHeldBack()) {
            outbound.awaitWithinLimit(this);
        }
    }

    /** A direct buffer for one write; a nested write while it is lent out gets a pooled one. */
    ByteBuffer takeStaging() {
        ByteBuffer buffer = staging;
        if (buffer == null) {
            return StagingBuffers.acquire();
        }
        staging = null;
        return buffer;
    }

    void giveBackStaging(ByteBuffer buffer) {
        buffer.clear();
        if (staging == null) {
            staging = buffer;
        } else {
            StagingBuffers.release(buffer);
        }
    }

    /**
     * Writes every queue listed so far. Writing can list more (a write error ends a session,
     * whose leaving is told to everyone) or flush again (a wait for room): those use a fresh
     * array, so this loop never sees entries it already handled.
     */
    void flush() {
        while (size > 0) {
            Queue[] listed = queued;
            int count = size;
            queued = spare != null ? spare : new Queue[8];
            spare = null;
            size = 0;
            for (int i = 0; i < count; i++) {
                Queue outbound = listed[i];
                listed[i] = null;
                outbound.flush(this);
            }
            if (listed.length <= 1024) {
                spare = listed; // a broadcast to thousands need not pin its array
            }
        }
    }

    /** Flushes, then lets go of the staging buffer: the batch's owner is done for now. */
    void end() {
        flush();
        ByteBuffer buffer = staging;
        if (buffer != null) {
            staging = null;
            StagingBuffers.release(buffer);
        }
    }
}
