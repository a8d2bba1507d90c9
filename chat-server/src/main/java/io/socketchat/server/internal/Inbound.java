package io.socketchat.server.internal;

import io.socketchat.protocol.LineDecoder;
import io.socketchat.protocol.TelnetFilter;

/**
 * A session's input on its way from the transport to the session: bytes the I/O loop read,
 * handled on the loop when nothing can block, otherwise by a virtual thread.
 *
 * <p>No thread waits for a silent client. Built-in commands in plain text lines are handled
 * by the loop itself (see {@link #receivedOnLoop}); anything else is queued for a reader
 * virtual thread that exists only while there is input to handle (it starts on the first
 * bytes and ends when all are handled, dropping its buffers). So an idle session costs no
 * thread and no buffer, and each client's lines are still handled one at a time, in order;
 * what may block (plugin commands, flood pauses, back-pressure) blocks only the reader
 * thread. When more than
 * {@link #MAX_QUEUED} bytes wait, the transport stops reading until the reader has taken
 * them: the client's TCP window fills and it slows down; nothing is dropped.
 *
 * <p>Before login a connection may hold far less: one line of at most
 * {@link #PRELOGIN_LINE_BYTES} (a login needs no more; longer is {@code ERR line-too-long}),
 * and at most {@link #PRELOGIN_QUEUED} unhandled bytes, so thousands of connections that
 * never log in cost little memory. What the queue and the partial line hold is charged to the
 * server's {@link MemoryBudget}.
 */
final class Inbound implements LineDecoder.Listener {

    /** What the input side of a transport must offer. */
    interface Source {
        void pauseReading();

        void resumeReading();

        /** Everything was handled and input has ended for {@code reason}. */
        void inputFinished(String reason);
    }

    /** Bytes read but not yet handled beyond which the transport stops reading. */
    static final int MAX_QUEUED = 32 * 1024;
    /** The same before login. */
    static final int PRELOGIN_QUEUED = 2 * 1024;
    /** The longest line before login: {@code LOGIN <name>} and the like. */
    static final int PRELOGIN_LINE_BYTES = 1024;

    private final ClientSession session;
    private final Source source;
    private final LineDecoder decoder;
    private final int maxLineBytes;
    private final MemoryBudget budget;
    private final TelnetFilter telnet = new TelnetFilter();
    // Guarded by this object's monitor.
    private byte[] queued;
    private int queuedLength;
    private String endReason;
    private boolean readerActive;
    private boolean paused;
    /** A recipient's queue the loop filled past its limit: the reader waits for it first. */
    private Outbound waitFirst;
    /** What the queue last reported to the budget; guarded by this object's monitor. */
    private long queueCharged;
    // The input thread's (the loop or the reader, one at a time): the buffer the reader
    // handled last, reused while it keeps running, and what the partial line last reported.
    private byte[] spare;
    private long lineCharged;
    /** The partial line's buffer, readable by the budget's enforcer on any thread. */
    private volatile int lineHeld;

    Inbound(ClientSession session, Source source, int maxLineBytes) {
        this.session = session;
        this.source = source;
        this.maxLineBytes = maxLineBytes;
        this.decoder = new LineDecoder(lineLimit());
        this.budget = session.hub().budget();
        session.attachInput(this);
    }

    /** The longest line the client may send now: shorter until it has logged in. */
    private int lineLimit() {
        return session.isLoggedIn() ? maxLineBytes : Math.min(maxLineBytes, PRELOGIN_LINE_BYTES);
    }

    private int queueLimit() {
        return session.isLoggedIn() ? MAX_QUEUED : PRELOGIN_QUEUED;
    }

    /** How many more bytes the transport may hand over now; 0 means pause reading. */
    synchronized int room() {
        return endReason != null ? 0 : Math.max(0, queueLimit() - queuedLength);
    }

    /** Bytes held now: unhandled input and the partial line's buffer (for the memory budget's choice). */
    long heldBytes() {
        synchronized (this) {
            return queuedLength + (long) lineHeld;
        }
    }

    /** Holding this object's monitor: tells the budget what the queue holds now. */
    private void chargeQueue() {
        budget.changed(queueCharged, queuedLength);
        queueCharged = queuedLength;
    }

    /** On the input thread: tells the budget what the partial line holds now. */
    private void chargeLine() {
        int held = decoder.heldBytes();
        if (held != lineCharged) {
            budget.changed(lineCharged, held);
            lineCharged = held;
            lineHeld = held;
        }
    }

    /**
     * Bytes the I/O loop read. While no reader thread is busy with this session, the loop
     * handles complete plain-text lines of built-in commands itself: the common case (a chat
     * line, a DM, a login) then costs no thread hand-off. The first line that could block (a
     * plugin's command, a flood pause, a recipient's full queue) and everything after it go to
     * the reader thread, in order.
     */
    void receivedOnLoop(byte[] bytes, int offset, int length, FlushBatch batch) {
        boolean onLoop;
        synchronized (this) {
            onLoop = !readerActive && queuedLength == 0 && endReason == null
                    && (!decoder.hasPartialLine() || decoder.isDiscarding()) && !telnet.inCommand();
            if (onLoop) {
                readerActive = true; // the loop holds the session's input now
            }
        }
        if (!onLoop) {
            append(bytes, offset, length);
            return;
        }
        int unhandled = handleOnLoop(bytes, offset, length, batch);
        // The loop writes its batch when this round of ready connections is done; a queue
        // that must drain before this sender goes on is written by the waiting reader itself.
        Outbound mustWaitFor = batch.takeMustWaitFor();
        boolean start;
        synchronized (this) {
            if (unhandled < offset + length) {
                appendLocked(bytes, unhandled, offset + length - unhandled);
                waitFirst = mustWaitFor;
                start = true;
            } else if (mustWaitFor != null || endReason != null) {
                waitFirst = mustWaitFor;
                start = true; // the reader waits for room, or finishes the ended input
            } else {
                readerActive = false;
                start = false;
            }
        }
        if (start) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /**
     * Handles whole lines from the start of the chunk on the loop; returns where the first
     * line it left for the reader begins ({@code offset + length} if it handled all).
     */
    private int handleOnLoop(byte[] bytes, int offset, int length, FlushBatch batch) {
        int end = offset + length;
        if (TelnetFilter.containsCommand(bytes, offset, length)) {
            return offset; // telnet negotiation: the reader filters it
        }
        int start = offset;
        while (start < end) {
            decoder.maxLineBytes(lineLimit()); // a LOGIN just handled lifts the limit for the next line
            int lf = LineDecoder.indexOfLineFeed(bytes, start, end);
            if (decoder.isDiscarding()) {
                // The rest of a line too long: skipped here, up to its end, holding nothing.
                int skipEnd = lf < 0 ? end : lf + 1;
                decoder.feed(bytes, start, skipEnd - start, this);
                start = skipEnd;
                continue;
            }
            if (lf < 0) {
                // A partial line: the decoder keeps it (its end goes to the reader next time),
                // or, past the limit, reports it too long and skips it without keeping it.
                if (end - start > decoder.maxLineBytes() && !session.canRefuseLineOnLoop()) {
                    return start;
                }
                decoder.feed(bytes, start, end - start, this);
                chargeLine();
                return end;
            }
            int lineEnd = lf > start && bytes[lf - 1] == '\r' ? lf - 1 : lf;
            if (lineEnd - start > decoder.maxLineBytes()) {
                if (!session.canRefuseLineOnLoop()) {
                    return start;
                }
                session.refuseTooLongOnLoop();
            } else if (!session.receiveOnLoop(bytes, start, lineEnd - start)) {
                return start;
            }
            start = lf + 1;
            if (batch.hasMustWaitFor()) {
                return start; // a recipient is over its limit: the next line waits on the reader
            }
        }
        return end;
    }

    /**
     * Bytes a transport's own blocking reader read (TLS): they take the way of input the loop
     * leaves for the reader thread, so framing, decoding, text rules, flood control and
     * dispatch are the same code for every transport. The caller reads at most {@link #room()}.
     */
    void receivedBlocking(byte[] bytes, int offset, int length) {
        append(bytes, offset, length);
    }

    /** Queues bytes for the reader thread, starting it if none runs. */
    private void append(byte[] bytes, int offset, int length) {
        boolean start;
        synchronized (this) {
            if (endReason != null) {
                return;
            }
            appendLocked(bytes, offset, length);
            start = !readerActive;
            readerActive = true;
        }
        if (start) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /** Holding this object's monitor: adds bytes to the queue; a full queue pauses reading. */
    private void appendLocked(byte[] bytes, int offset, int length) {
        int needed = queuedLength + length;
        if (queued == null || needed > queued.length) {
            byte[] grown = new byte[Math.max(needed, Math.min(MAX_QUEUED, queued == null ? 0 : queued.length * 2))];
            if (queuedLength > 0) {
                System.arraycopy(queued, 0, grown, 0, queuedLength);
            }
            queued = grown;
        }
        System.arraycopy(bytes, offset, queued, queuedLength, length);
        queuedLength = needed;
        chargeQueue();
        if (queuedLength >= queueLimit()) {
            paused = true;
            source.pauseReading();
        }
    }

    /** No more input will come; what is queued is still handled. The first reason stays. */
    void end(String reason) {
        boolean start;
        synchronized (this) {
            if (endReason != null) {
                return;
            }
            endReason = reason;
            start = !readerActive;
            readerActive = true;
        }
        if (start) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /** The reader virtual thread: handles what is queued until nothing is, then ends. */
    private void read() {
        FlushBatch batch = FlushBatch.begin();
        String finished = null;
        try {
            Outbound full;
            synchronized (this) {
                full = waitFirst;
                waitFirst = null;
            }
            if (full != null) {
                full.awaitWithinLimit();
            }
            while (true) {
                byte[] bytes;
                int length;
                boolean resume;
                synchronized (this) {
                    length = queuedLength;
                    bytes = queued;
                    resume = paused && endReason == null;
                    paused = false;
                    if (length > 0) {
                        queued = spare;
                        queuedLength = 0;
                        chargeQueue();
                    } else if (endReason != null) {
                        finished = endReason;
                        queued = null;
                    }
                }
                if (resume) {
                    source.resumeReading();
                }
                if (length > 0) {
                    spare = null;
                    // Telnet negotiation is dropped before framing: never text, never relayed.
                    int kept = telnet.filter(bytes, 0, length);
                    decoder.maxLineBytes(lineLimit());
                    decoder.feed(bytes, 0, kept, this);
                    chargeLine();
                    spare = bytes;
                    batch.flush();
                    continue;
                }
                if (finished != null || goIdle()) {
                    break;
                }
            }
        } finally {
            batch.end();
        }
        if (finished != null) {
            budget.changed(lineCharged, 0); // the session is over: its partial line is dropped
            lineCharged = 0;
            lineHeld = 0;
            session.inputEnded(finished);
            source.inputFinished(finished);
        }
    }

    /** Nothing is queued: end the reader unless bytes or the end arrived meanwhile. */
    private synchronized boolean goIdle() {
        if (queuedLength > 0 || endReason != null) {
            return false;
        }
        readerActive = false;
        queued = null;
        spare = null;
        return true;
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        session.receive(bytes, offset, length);
        decoder.maxLineBytes(lineLimit()); // the next line of this chunk may follow a LOGIN
    }

    @Override
    public void lineTooLong() {
        if (IoLoop.isLoopThread()) {
            session.refuseTooLongOnLoop(); // handleOnLoop checked that the flood gate lets it through
        } else {
            session.receiveTooLong();
        }
    }
}
