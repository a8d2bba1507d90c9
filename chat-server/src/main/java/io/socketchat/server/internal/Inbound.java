package io.socketchat.server.internal;

import io.socketchat.protocol.LineDecoder;
import io.socketchat.protocol.TelnetFilter;
import io.socketchat.server.transport.Connection;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;

import java.util.ArrayDeque;
import java.util.List;

/**
 * A session's input pipeline, the same for every transport: framing (for a byte stream),
 * decoding, then the session's text rules, flood control and dispatch.
 *
 * <p>The transport's input thread frames and decodes each line exactly once, as it arrives,
 * and then either handles it at once or hands it over, already decoded, to the session's
 * command thread. Which one is decided per line and declared, never guessed: a transport
 * whose input thread may block ({@link InputThread#MAY_BLOCK}: its own virtual thread) handles
 * every line itself. An I/O loop ({@link InputThread#NEVER_BLOCKS}) handles a line only when
 * nothing can make it wait: its command is declared non-blocking ({@code
 * CommandSpec.nonBlocking}) and the flood gate lets it through now. The first line that could
 * wait (a plugin's command, a flood pause, a recipient's full queue to wait for) and every
 * line after it go to the command thread, in order. That virtual thread exists only while
 * lines wait for it, so an idle session costs no thread and no buffer, and each client's lines
 * are still handled one at a time, in order.
 *
 * <p>When more than {@link #MAX_QUEUED} bytes of lines wait for the command thread, the
 * transport stops reading until it has taken them: the client's TCP window fills and it
 * slows down; nothing is dropped. Before login a connection may hold far less: one line of
 * at most {@link #PRELOGIN_LINE_BYTES} (a login needs no more; longer is {@code ERR
 * line-too-long}), and at most {@link #PRELOGIN_QUEUED} bytes of waiting lines, so thousands of
 * connections that never log in cost little memory. A line is framed with the limit in force
 * when it arrives. What waits and the partial line are charged to the server's {@link
 * MemoryBudget}.
 */
final class Inbound implements Connection, LineDecoder.Listener, ClientSession.HeldInput {

    /** Bytes of lines waiting for the command thread beyond which the transport stops reading. */
    static final int MAX_QUEUED = 32 * 1024;
    /** The same before login. */
    static final int PRELOGIN_QUEUED = 2 * 1024;
    /** The longest line before login: {@code LOGIN <name>} and the like. */
    static final int PRELOGIN_LINE_BYTES = 1024;
    /** What a waiting line costs beyond its bytes, for the budget and the queue limit. */
    private static final int LINE_OVERHEAD_BYTES = 48;

    private final ClientSession session;
    private final InputControl control;
    private final boolean inputMayBlock;
    private final LineDecoder decoder;
    private final int maxLineBytes;
    private final MemoryBudget budget;
    private final TelnetFilter telnet = new TelnetFilter();
    // Guarded by this object's monitor.
    private ArrayDeque<ReceivedLine> waiting;
    private int waitingBytes;
    private String endReason;
    /** Someone handles this session's lines now: the input thread during a chunk, or the command thread. */
    private boolean handling;
    private boolean commandThreadRunning;
    private boolean paused;
    /** Recipients' queues the input thread filled past their limit: the command thread waits for them first. */
    private List<FlushBatch.Queue> waitFirst = List.of();
    /** What the waiting lines last reported to the budget; guarded by this object's monitor. */
    private long queueCharged;
    // The input thread's own, during one chunk: the batch its lines fill, and whether lines
    // now go to the command thread.
    private FlushBatch chunkBatch;
    private boolean handingOver;
    /** What the partial line last reported to the budget; the input thread's. */
    private long lineCharged;
    /** The partial line's buffer, readable by the budget's enforcer on any thread. */
    private volatile int lineHeld;

    Inbound(ClientSession session, InputControl control, InputThread inputThread, int maxLineBytes) {
        this.session = session;
        this.control = control;
        this.inputMayBlock = inputThread == InputThread.MAY_BLOCK;
        this.maxLineBytes = maxLineBytes;
        this.decoder = new LineDecoder(lineLimit());
        this.budget = session.budget();
        session.attachInput(this);
    }

    /** The longest line the client may send now: shorter until it has logged in. */
    private int lineLimit() {
        return session.isLoggedIn() ? maxLineBytes : Math.min(maxLineBytes, PRELOGIN_LINE_BYTES);
    }

    private int queueLimit() {
        return session.isLoggedIn() ? MAX_QUEUED : PRELOGIN_QUEUED;
    }

    @Override
    public synchronized int room() {
        return endReason != null ? 0 : Math.max(0, queueLimit() - waitingBytes);
    }

    /** Bytes held now: lines waiting and the partial line's buffer (for the memory budget's choice). */
    @Override
    public long heldBytes() {
        synchronized (this) {
            return waitingBytes + (long) lineHeld;
        }
    }

    @Override
    public void writable() {
        session.writable(FlushBatch.IMMEDIATE);
    }

    /** On an I/O loop: as {@link #received(byte[], int, int)}, filling the loop's batch, written once per round. */
    void received(byte[] bytes, int offset, int length, FlushBatch batch) {
        boolean own = beginChunk();
        chunkBatch = batch;
        handingOver = !own; // else the command thread has the session: the lines wait for it
        // Telnet negotiation is dropped before framing: never text, never relayed.
        int kept = telnet.filter(bytes, offset, length);
        decoder.maxLineBytes(lineLimit());
        decoder.feed(bytes, offset, kept, this);
        chargeLine();
        chunkBatch = null;
        if (own) {
            endChunk(batch);
        }
    }

    @Override
    public void received(byte[] bytes, int offset, int length) {
        FlushBatch batch = FlushBatch.forInput(inputMayBlock);
        received(bytes, offset, length, batch);
        batch.end();
    }

    @Override
    public void receivedLine(byte[] bytes, int offset, int length) {
        FlushBatch batch = FlushBatch.forInput(inputMayBlock);
        boolean own = beginChunk();
        chunkBatch = batch;
        handingOver = !own;
        route(length > lineLimit() ? ReceivedLine.TOO_LONG : ReceivedLine.decode(bytes, offset, length));
        chunkBatch = null;
        if (own) {
            endChunk(batch);
        }
        batch.end();
    }

    /** Takes the session's lines for this chunk; false when the command thread has them (or input ended). */
    private synchronized boolean beginChunk() {
        if (handling || endReason != null) {
            return false;
        }
        handling = true;
        return true;
    }

    /** After a chunk the input thread handled: gives the session to the command thread if lines or the end wait. */
    private void endChunk(FlushBatch batch) {
        List<FlushBatch.Queue> mustWaitFor = batch.takeHeldBack();
        boolean start;
        synchronized (this) {
            boolean lines = waiting != null && !waiting.isEmpty();
            if (lines || !mustWaitFor.isEmpty() || endReason != null) {
                waitFirst = mustWaitFor;
                commandThreadRunning = true;
                start = true; // the command thread waits for room, handles the lines or finishes the input
            } else {
                handling = false;
                start = false;
            }
        }
        if (start) {
            Thread.ofVirtual().start(this::commandThread);
        }
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        route(ReceivedLine.decode(bytes, offset, length));
        decoder.maxLineBytes(lineLimit()); // the next line of this chunk may follow a LOGIN
    }

    @Override
    public void lineTooLong() {
        route(ReceivedLine.TOO_LONG);
    }

    /** Handles the line on the input thread when nothing can make it wait there; otherwise hands it over. */
    private void route(ReceivedLine line) {
        FlushBatch batch = chunkBatch;
        if (!handingOver && (inputMayBlock || session.canHandleWithoutWaiting(line))) {
            session.handle(line, batch);
            if (batch.isHeldBack()) {
                handingOver = true; // the command thread waits for those queues before the next line
            }
            return;
        }
        handingOver = true;
        handOver(line);
    }

    private void handOver(ReceivedLine line) {
        boolean start;
        synchronized (this) {
            if (endReason != null && !handling) {
                return; // the session is finished: nothing more is read
            }
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            }
            waiting.add(line);
            waitingBytes += line.bytes() + LINE_OVERHEAD_BYTES;
            chargeQueue();
            if (waitingBytes >= queueLimit() && !paused) {
                paused = true;
                control.pauseReading();
            }
            // During its own chunk the input thread holds the session and starts the command
            // thread at the chunk's end. Otherwise the command thread runs and takes the line, or
            // has just ended: then a new one must.
            start = !handling;
            if (start) {
                handling = true;
                commandThreadRunning = true;
            }
        }
        if (start) {
            Thread.ofVirtual().start(this::commandThread);
        }
    }

    /** Holding this object's monitor: tells the budget what the waiting lines hold now. */
    private void chargeQueue() {
        budget.changed(queueCharged, waitingBytes);
        queueCharged = waitingBytes;
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

    @Override
    public void ended(String reason) {
        boolean start;
        synchronized (this) {
            if (endReason != null) {
                return;
            }
            endReason = reason;
            start = !handling; // else whoever handles now finishes, at the end of its work
            if (start) {
                handling = true;
                commandThreadRunning = true;
            }
        }
        if (start) {
            Thread.ofVirtual().start(this::commandThread);
        }
    }

    /** The command thread: handles the lines that wait, in order, until none do; then ends. */
    private void commandThread() {
        FlushBatch batch = FlushBatch.forInput(true);
        String finished = null;
        try {
            List<FlushBatch.Queue> full;
            synchronized (this) {
                full = waitFirst;
                waitFirst = List.of();
            }
            for (FlushBatch.Queue outbound : full) {
                outbound.awaitWithinLimit(batch);
            }
            while (true) {
                ArrayDeque<ReceivedLine> lines;
                boolean resume;
                synchronized (this) {
                    lines = waiting;
                    waiting = null;
                    waitingBytes = 0;
                    chargeQueue();
                    resume = paused && endReason == null;
                    paused = false;
                    if (lines == null || lines.isEmpty()) {
                        if (endReason != null) {
                            finished = endReason;
                        } else {
                            handling = false;
                            commandThreadRunning = false;
                        }
                        lines = null;
                    }
                }
                if (resume) {
                    control.resumeReading();
                }
                if (lines == null) {
                    break;
                }
                for (ReceivedLine line : lines) {
                    session.handle(line, batch);
                }
                batch.flush();
            }
        } finally {
            batch.end();
        }
        if (finished != null) {
            budget.changed(lineCharged, 0); // the session is over: its partial line is dropped
            lineCharged = 0;
            lineHeld = 0;
            session.inputEnded(finished);
            control.inputFinished(finished);
        }
    }
}
