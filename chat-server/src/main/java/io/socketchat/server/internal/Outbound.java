package io.socketchat.server.internal;

import io.socketchat.server.transport.Transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A session's outbound queue and the writing of it.
 *
 * <p>Producers (any thread) append a reference to an encoded line to the session's pending
 * lines; a broadcast's line is one array shared by every recipient, never copied per
 * recipient (lines are immutable once offered). Writing never blocks: whoever holds the
 * writer flag takes the pending lines, gathers as many as fit into a direct staging buffer
 * and writes what the transport takes now. The producer's {@link FlushBatch} says when: at
 * the end of the chunk of input it is handling (so a burst goes out in one system call per
 * recipient), or at once. When the peer's buffer is full the writer asks the transport to
 * call back when it drains ({@link #writable}) and keeps the flag meanwhile, so there is never
 * a thread parked per slow client, and an idle session holds no buffer. The pending lines are
 * guarded by a lock, held only to append one reference or to swap arrays, never across I/O.
 *
 * <p>When a line would take the queue past its limit, the producer's batch says what happens
 * ({@link FlushBatch.WhenFull}), as the party that queues it declared: an input that may
 * block (a connection's own virtual thread) waits for room; an input that must never block
 * (an I/O loop) queues the line anyway, up to twice the limit, and its input waits for room
 * before its next line ({@link #awaitWithinLimit}, on the connection's command thread); a party
 * with no input of its own (the timer, the console) never waits, and the client is cut off.
 * Waiting lasts only while the queue keeps draining: a fast sender is slowed to the pace of
 * readers that are keeping up (TCP back-pressure passes on to the sender) instead of a healthy
 * but momentarily busy reader being cut off. A client whose queue made no progress for {@link
 * #STALL_NANOS} (it stopped reading), or that is still full after {@link #FULL_WAIT_NANOS}, is
 * reported as overflowing and disconnected as slow, so a stuck client holds others up for at
 * most that long, once.
 *
 * <p>The queue's bytes are also charged to the server's {@link MemoryBudget} (with a few
 * bytes per queued line for the reference to it), which cuts the biggest holders when all
 * queues together grow past it. At a graceful shutdown, a queue that cannot drain in time is
 * {@linkplain #preempt preempted}: what waits is dropped so the shutdown notice goes out next.
 */
final class Outbound implements FlushBatch.Queue {

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
    /** Room for this many lines when a session's first line comes; a burst doubles it. */
    private static final int INITIAL_LINES = 4;
    /** A line array that grew past this during a burst is not kept for the next one. */
    private static final int KEEP_LINES_MAX = 4096;
    /** What a queued line costs beyond its bytes, for the memory budget: its slot in the line array. */
    static final int LINE_SLOT_BYTES = 8;

    /**
     * Guards the pending lines. A lock rather than a monitor: senders on virtual threads
     * contend for it, and a virtual thread blocked entering a monitor can still pin its
     * carrier when the JVM fails to unmount it (JFR saw one such event under F2 load).
     */
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean writerActive = new AtomicBoolean();
    /** Set by the first offer that does not fit: the owner is told once, later offers are refused. */
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Transport transport;
    private final long limitBytes;
    private final Owner owner;
    private final MemoryBudget budget;
    // Guarded by lock: the lines not yet taken by the writer, and their bytes.
    private byte[][] pending;
    private int pendingCount;
    private int pendingLength;
    /** Bytes the writer took and has not written yet; they still count against the limit. */
    private int writing;
    private boolean endRequested;
    /** What this queue last reported to the budget; 0 for good once discarded. */
    private long charged;
    private boolean discarded;
    /** Counts preemptions; a chunk taken before the latest one is cut short by the writer. */
    private volatile int preemptions;
    // The writer's own (whoever holds writerActive): the lines being written, how far they
    // are written (a line may be cut by a short write), and a spare array for the next lines.
    private byte[][] chunk;
    private int chunkCount;
    private int chunkIndex;
    private int chunkLineOffset;
    private int chunkPreemptions;
    private byte[][] spare;
    private volatile boolean ended;
    /** Set once everything was written and the transport's output finished (the writer flag stays held). */
    private volatile boolean outputFinished;
    /** Producers waiting for room; the writer signals only when there are any. */
    private volatile int waiting;
    /** When the writer last made progress: read by a producer waiting for room and by the memory budget's choice. */
    private volatile long lastDrainNanos = System.nanoTime();
    private ReentrantLock roomLock;
    private Condition room;

    Outbound(Transport transport, long limitBytes, Owner owner, MemoryBudget budget) {
        this.transport = transport;
        this.limitBytes = limitBytes;
        this.owner = owner;
        this.budget = budget;
    }

    long limitBytes() {
        return limitBytes;
    }

    /** Holding the lock: tells the budget what this queue holds now. */
    private void charge() {
        long now = discarded ? 0 : (long) pendingLength + writing + (long) LINE_SLOT_BYTES * pendingCount;
        budget.changed(charged, now);
        charged = now;
    }

    /**
     * The session is over: drops what is still queued and gives its bytes back to the budget.
     * Nothing is queued after this.
     */
    void discard() {
        ended = true;
        lock.lock();
        try {
            pending = null;
            pendingCount = 0;
            pendingLength = 0;
            discarded = true;
            charge();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops every line not yet begun, and queues {@code lastLine} to go out next (after the
     * rest of the line being written, so the client still reads whole lines). Used at a
     * shutdown whose grace ran out: the client reads the notice before its EOF instead of
     * losing it behind data that cannot drain in time. Works on an ended queue.
     *
     * @return about how many bytes were dropped
     */
    long preempt(byte[] lastLine) {
        long dropped;
        lock.lock();
        try {
            if (discarded) {
                return 0;
            }
            dropped = (long) pendingLength + writing;
            pending = null;
            pendingCount = 0;
            pendingLength = 0;
            preemptions++; // the writer cuts the chunk it holds at the current line
            append(lastLine);
        } finally {
            lock.unlock();
        }
        flush(FlushBatch.IMMEDIATE);
        return dropped;
    }

    /** How long the peer has not taken any of the bytes waiting here; 0 when nothing waits. */
    long stalledNanos(long nowNanos) {
        return queuedBytes() == 0 ? 0 : Math.max(0, nowNanos - lastDrainNanos);
    }

    long queuedBytes() {
        lock.lock();
        try {
            return (long) pendingLength + writing;
        } finally {
            lock.unlock();
        }
    }

    /** Nothing waits to be written: the queue is empty and no writer is busy, or the output is finished. */
    boolean isDrained() {
        lock.lock();
        try {
            if (pendingCount > 0 || writing > 0) {
                return false;
            }
        } finally {
            lock.unlock();
        }
        return outputFinished || !writerActive.get();
    }

    /**
     * Queues one encoded line; {@code batch} writes it (at the end of its chunk, or at once).
     * Over the limit, {@code batch} says whether to wait, to hold its input back, or to cut the
     * client off (see the class comment).
     *
     * @return false if the queue is ended or overflowed (the owner has been told)
     */
    boolean offer(byte[] line, FlushBatch batch) {
        if (ended || overflowed.get()) {
            return false;
        }
        long queued = tryAppend(line, limitBytes);
        if (queued > limitBytes) {
            queued = switch (batch.whenFull()) {
                case CUT_OFF -> queued;
                case HOLD_BACK_INPUT -> tryAppend(line, 2 * limitBytes);
                case WAIT_FOR_ROOM -> awaitRoom(line, batch) ? limitBytes : queued;
            };
            if (queued > limitBytes && (batch.whenFull() != FlushBatch.WhenFull.HOLD_BACK_INPUT || queued > 2 * limitBytes)) {
                // Several senders can hit the full queue at once; only one may report the client slow.
                if (overflowed.compareAndSet(false, true)) {
                    owner.outboundOverflow(queued);
                }
                return false;
            }
            if (batch.whenFull() == FlushBatch.WhenFull.HOLD_BACK_INPUT) {
                batch.holdBackFor(this);
            } else {
                flush(batch); // the wait wrote the batch; this line goes out now as well
                return true;
            }
        }
        if (queued < 0) {
            // This line made the queue non-empty: someone must write it. Later lines ride along.
            batch.schedule(this);
        }
        return true;
    }

    /**
     * Appends the line if the queue stays within {@code maxBytes}. Returns the queued bytes it
     * makes, negated when the queue was empty before; or, when it does not fit, the (positive)
     * bytes it would have made.
     */
    private long tryAppend(byte[] line, long maxBytes) {
        lock.lock();
        try {
            long queued = (long) pendingLength + writing + line.length;
            if (queued > maxBytes) {
                return queued;
            }
            boolean wasEmpty = pendingCount == 0;
            append(line);
            return wasEmpty ? -queued : queued;
        } finally {
            lock.unlock();
        }
    }

    private void append(byte[] line) {
        if (pending == null) {
            pending = new byte[INITIAL_LINES][];
        } else if (pendingCount == pending.length) {
            pending = Arrays.copyOf(pending, pendingCount * 2);
        }
        pending[pendingCount++] = line;
        pendingLength += line.length;
        charge();
    }

    /**
     * On a sender's command thread, after its input was held back for this queue: writes what
     * the batch holds, then waits until this queue is back within its limit. A queue that
     * stopped draining, or is still full after {@link #FULL_WAIT_NANOS}, is reported as
     * overflowing (its client is cut off as slow).
     */
    @Override
    public void awaitWithinLimit(FlushBatch batch) {
        if (!awaitRoom(null, batch) && overflowed.compareAndSet(false, true)) {
            owner.outboundOverflow(queuedBytes());
        }
    }

    /**
     * Writes what {@code batch} holds (this queue included), then waits until {@code line}
     * fits and appends it (or, for null, until the queue is within its limit); false after the
     * wait limit or a stall.
     */
    private boolean awaitRoom(byte[] line, FlushBatch batch) {
        batch.flush(); // what the sender queued so far goes out before it waits
        flush(batch);
        ReentrantLock lock = roomLock();
        long remaining = FULL_WAIT_NANOS;
        long waitStart = System.nanoTime();
        lock.lock();
        try {
            waiting++;
            try {
                while (true) {
                    if (line == null ? queuedBytes() <= limitBytes : Math.abs(tryAppend(line, limitBytes)) <= limitBytes) {
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
        lock.lock();
        try {
            if (roomLock == null) {
                ReentrantLock lock = new ReentrantLock();
                room = lock.newCondition();
                roomLock = lock;
            }
            return roomLock;
        } finally {
            lock.unlock();
        }
    }

    /** After the writer freed bytes: wake producers waiting for room, if any. */
    private void released(int bytes) {
        lock.lock();
        try {
            writing -= bytes;
            charge();
        } finally {
            lock.unlock();
        }
        lastDrainNanos = System.nanoTime();
        if (waiting > 0) {
            ReentrantLock lock = roomLock();
            lock.lock();
            try {
                room.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** No more lines: what is queued is written, then the transport's output is finished. */
    void end() {
        if (ended) {
            return;
        }
        ended = true;
        lock.lock();
        try {
            endRequested = true;
        } finally {
            lock.unlock();
        }
        flush(FlushBatch.IMMEDIATE);
    }

    /**
     * Writes what is pending now, unless another thread is already the writer (it will);
     * {@code batch} lends the staging buffer.
     */
    @Override
    public void flush(FlushBatch batch) {
        if (!writerActive.get() && writerActive.compareAndSet(false, true)) {
            writeAvailable(batch);
        }
    }

    /** The transport can take bytes again; called once per {@link Transport#requestWritable()}. */
    void writable(FlushBatch batch) {
        writeAvailable(batch);
    }

    /**
     * Run by the holder of the writer flag: writes until nothing is pending (then gives the
     * flag up) or the transport is full (then keeps it and waits for {@link #writable()}).
     */
    private void writeAvailable(FlushBatch batch) {
        ByteBuffer staging = null;
        IOException failure = null;
        try {
            while (true) {
                if (chunk != null && chunkPreemptions != preemptions) {
                    cutChunk();
                }
                if (chunk == null && !takePending()) {
                    return;
                }
                ByteBuffer source;
                if (chunkCount - chunkIndex == 1) {
                    // One line left (a reply, a notice, a lone DM): written from its own array.
                    // Most writes are this; staging would only add a copy.
                    byte[] line = chunk[chunkIndex];
                    source = ByteBuffer.wrap(line, chunkLineOffset, line.length - chunkLineOffset);
                } else {
                    if (staging == null) {
                        staging = batch.takeStaging();
                    }
                    stage(staging);
                    source = staging;
                }
                int length = source.remaining();
                int written = transport.write(source);
                if (written > 0) {
                    advance(written);
                    released(written);
                }
                if (written < length) {
                    transport.requestWritable();
                    return; // the flag stays with us until the transport calls back
                }
                if (chunkIndex == chunkCount) {
                    spare = chunk.length <= KEEP_LINES_MAX ? chunk : null;
                    chunk = null;
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            if (staging != null) {
                batch.giveBackStaging(staging);
            }
        }
        if (failure != null) {
            // Told once the staging buffer is back: the owner's leaving writes to other sessions.
            owner.outboundFailed(failure);
        }
    }

    /**
     * After a {@link #preempt}: drops the chunk's lines after the one being written (a line
     * begun is finished, so the client never reads half a line glued to the notice).
     */
    private void cutChunk() {
        chunkPreemptions = preemptions;
        int keep = chunkLineOffset > 0 ? chunkIndex + 1 : chunkIndex;
        int dropped = 0;
        for (int i = keep; i < chunkCount; i++) {
            dropped += chunk[i].length;
            chunk[i] = null;
        }
        chunkCount = keep;
        if (dropped > 0) {
            released(dropped);
        }
        if (chunkIndex == chunkCount) {
            chunk = null;
        }
    }

    /** Copies the chunk's unwritten lines into {@code staging}, as many as fit, and flips it. */
    private void stage(ByteBuffer staging) {
        staging.clear();
        int offset = chunkLineOffset;
        for (int i = chunkIndex; i < chunkCount; i++) {
            byte[] line = chunk[i];
            int length = line.length - offset;
            if (length > staging.remaining()) {
                staging.put(line, offset, staging.remaining()); // the rest goes in the next write
                break;
            }
            staging.put(line, offset, length);
            offset = 0;
        }
        staging.flip();
    }

    /** Moves past {@code written} bytes of the chunk, letting go of the lines written whole. */
    private void advance(int written) {
        int left = written;
        while (left > 0) {
            int rest = chunk[chunkIndex].length - chunkLineOffset;
            if (left < rest) {
                chunkLineOffset += left;
                return;
            }
            left -= rest;
            chunk[chunkIndex++] = null;
            chunkLineOffset = 0;
        }
    }

    /**
     * Swaps the pending lines for the spare array; false when there was nothing to take and
     * the writer is done: the output was finished, or the flag was given up.
     */
    private boolean takePending() throws IOException {
        while (true) {
            boolean finish;
            lock.lock();
            try {
                if (pendingCount > 0) {
                    chunkPreemptions = preemptions;
                    chunk = pending;
                    chunkCount = pendingCount;
                    chunkIndex = 0;
                    chunkLineOffset = 0;
                    writing = pendingLength;
                    pending = spare;
                    pendingCount = 0;
                    pendingLength = 0;
                    spare = null;
                    charge(); // the line slots are free; the bytes now count as writing
                    return true;
                }
                finish = endRequested;
            } finally {
                lock.unlock();
            }
            if (finish) {
                spare = null;
                outputFinished = true;
                transport.finishOutput();
                return false; // writerActive stays set: nothing may be written after the end
            }
            if (idle()) {
                return false;
            }
            // A line came while the flag was being given up, and this writer took it back: take it.
        }
    }

    /**
     * Nothing was pending: drop the buffers and give the flag up, unless a producer queued
     * after our last look but before the flag cleared (then it found the flag set and left the
     * writing to us, so we go on).
     */
    private boolean idle() {
        lock.lock();
        try {
            if (pendingCount == 0) {
                pending = null;
            }
        } finally {
            lock.unlock();
        }
        spare = null;
        writerActive.set(false);
        boolean more;
        lock.lock();
        try {
            more = pendingCount > 0 || endRequested;
        } finally {
            lock.unlock();
        }
        return !more || !writerActive.compareAndSet(false, true);
    }
}
