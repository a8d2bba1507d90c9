package io.socketchat.server.internal;

/**
 * The outbound queues that a reader thread filled while handling one chunk of input, written
 * together when the chunk is done.
 *
 * <p>A chunk often holds many lines (a fast sender's whole TCP segment): writing each
 * recipient's lines once per chunk instead of once per line turns hundreds of system calls
 * into one. A queue is listed only by the line that made it non-empty, so the list holds each
 * queue once. Threads that are not handling input (the timer, the console, a plugin's own
 * threads) have no batch: their lines are written at once, except that a broadcast opens a
 * batch of its own for its duration (see {@code Hub.broadcast}).
 */
final class FlushBatch {

    private static final ThreadLocal<FlushBatch> CURRENT = new ThreadLocal<>();
    private Outbound[] queued = new Outbound[8];
    private int size;
    private Outbound[] spare;
    /** A queue the I/O loop filled past its limit: the sender must wait for it before going on. */
    private Outbound mustWaitFor;

    private FlushBatch() {
    }

    /** Opens the batch of the calling (reader) thread; close it with {@link #end()}. */
    static FlushBatch begin() {
        FlushBatch batch = new FlushBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** Opens a batch for the calling thread if it has none; returns it, or null if one was open. */
    static FlushBatch beginUnlessOpen() {
        return CURRENT.get() == null ? begin() : null;
    }

    /** Writes what is queued and detaches the batch from the thread. */
    void end() {
        try {
            flush();
        } finally {
            CURRENT.remove();
        }
    }

    /** Writes {@code outbound} at the end of the calling thread's chunk, or now if it has none. */
    static void schedule(Outbound outbound) {
        FlushBatch batch = CURRENT.get();
        if (batch == null) {
            outbound.flush();
        } else {
            batch.add(outbound);
        }
    }

    /** On the I/O loop: the current sender's next line waits until {@code outbound} has room. */
    static void waitFor(Outbound outbound) {
        FlushBatch batch = CURRENT.get();
        if (batch != null && batch.mustWaitFor == null) {
            batch.mustWaitFor = outbound;
        }
    }

    boolean hasMustWaitFor() {
        return mustWaitFor != null;
    }

    /** The queue the sender must wait for, if a line went over a limit; clears it. */
    Outbound takeMustWaitFor() {
        Outbound outbound = mustWaitFor;
        mustWaitFor = null;
        return outbound;
    }

    /** Before the calling thread waits (flood pause, back-pressure): what it queued must not wait with it. */
    static void flushCurrent() {
        FlushBatch batch = CURRENT.get();
        if (batch != null) {
            batch.flush();
        }
    }

    private void add(Outbound outbound) {
        if (size == queued.length) {
            Outbound[] grown = new Outbound[size * 2];
            System.arraycopy(queued, 0, grown, 0, size);
            queued = grown;
        }
        queued[size++] = outbound;
    }

    /**
     * Writes every queue listed so far. Writing can list more (a write error ends a session,
     * whose leaving is told to everyone) or flush again (a wait for room): those use a fresh
     * array, so this loop never sees entries it already handled.
     */
    void flush() {
        while (size > 0) {
            Outbound[] listed = queued;
            int count = size;
            queued = spare != null ? spare : new Outbound[8];
            spare = null;
            size = 0;
            for (int i = 0; i < count; i++) {
                Outbound outbound = listed[i];
                listed[i] = null;
                outbound.flush();
            }
            if (listed.length <= 1024) {
                spare = listed; // a broadcast to thousands need not pin its array
            }
        }
    }

}
