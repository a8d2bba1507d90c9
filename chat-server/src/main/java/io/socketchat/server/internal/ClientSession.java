package io.socketchat.server.internal;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.protocol.TextRules;
import io.socketchat.protocol.Utf8;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One client, independent of its transport: login state, activity clock, outbound queue and
 * the way it ends.
 *
 * <p>A session ends once. {@link #disconnect} queues a last line and lets the writer flush it
 * before output is finished; {@link #abort} closes at once. Either way the user leaves the
 * chat immediately (others are told), while the transport is torn down when the peer has
 * seen the end or the linger time passes.
 */
public final class ClientSession implements Session, Outbound.Owner {

    enum State { OPEN, CLOSING, CLOSED }

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** A paused reader looks this often whether its session ended meanwhile. */
    private static final long PAUSE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Flood control charges a block reply one line per this many bytes (a WHO of thousands of users). */
    static final int REPLY_BYTES_PER_LINE = 4096;

    private final Hub hub;
    private final Transport transport;
    private final Outbound outbound;
    private final long connectedAtNanos = System.nanoTime();
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);
    private final AtomicReference<String> endReason = new AtomicReference<>();
    private volatile long lastActivityNanos = connectedAtNanos;
    private volatile long closeDeadlineNanos = Long.MAX_VALUE;
    private volatile String name;
    private volatile String key;
    private volatile boolean deliverable;
    /** Set once the login confirmation is queued; deliveries before that wait on {@link #loginGate}. */
    private volatile boolean confirmed;
    /** Also orders this session's events: guards {@link #loggedInPublished} and {@link #leftPublished}. */
    private final Object loginGate = new Object();
    private boolean loggedInPublished;
    private boolean leftPublished;
    private final AtomicBoolean left = new AtomicBoolean();
    /** Null when flood control is off; touched only by the reader thread. */
    private FloodGate floodGate;
    /** Lines of flood charge that block replies of the command being handled owe; the input thread's. */
    private int replyCharge;
    /** The input side, for the memory budget's view of what this session holds. */
    private volatile Inbound input;

    ClientSession(Hub hub, Transport transport, long sendQueueBytes) {
        this.hub = hub;
        this.transport = transport;
        this.outbound = new Outbound(transport, sendQueueBytes, this, hub.budget());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String remoteAddress() {
        return transport.remoteAddress();
    }


    @Override
    public void send(String line) {
        enqueue(Utf8.encodeLine(line));
    }

    /**
     * Sizes the block before building it: a block larger than the whole send queue is not
     * built at all; one that does not fit now goes the way of any line that overflows the
     * queue (the back-pressure wait, then the slow-client cut). Flood control charges it by
     * its size.
     */
    @Override
    public boolean sendAll(List<String> lines) {
        byte[] block = hub.encodedBlock(lines, outbound.limitBytes());
        if (block == null) {
            return false;
        }
        replyCharge += block.length / REPLY_BYTES_PER_LINE;
        enqueue(block);
        return true;
    }

    void enqueue(byte[] encodedLine) {
        if (outbound.offer(encodedLine)) {
            hub.counters().linesOut.increment();
        }
    }

    Hub hub() {
        return hub;
    }

    // ---- input, called by the transport's reader thread ----

    /**
     * Limits this session's input to {@code ratePerSecond} lines after a burst of {@code burst}.
     * Call on the reader thread before it reads.
     */
    public void limitFloods(int ratePerSecond, int burst) {
        floodGate = new FloodGate(ratePerSecond, burst);
    }

    /** A complete line from the client, not yet decoded (on the session's reader thread). */
    public void receive(byte[] bytes, int offset, int length) {
        if (state.get() != State.OPEN) {
            return; // ending: what the client still sends is read and dropped
        }
        if (floodGate != null && !passFloodGate()) {
            return;
        }
        String text = Utf8.decode(bytes, offset, length);
        handle(text, text == null ? null : Request.parse(text));
    }

    /**
     * A complete line, handled on the I/O loop thread if that cannot block: the command is a
     * built-in and the flood gate lets the line through at once.
     *
     * @return false when the line was left untouched for the reader thread
     */
    boolean receiveOnLoop(byte[] bytes, int offset, int length) {
        if (state.get() != State.OPEN) {
            return true; // dropped, as the reader would
        }
        String text = Utf8.decode(bytes, offset, length);
        Request request = text == null ? null : Request.parse(text);
        if (request != null && !hub.commands().runsOnLoop(request.word())) {
            return false;
        }
        if (floodGate != null) {
            long now = System.nanoTime();
            if (floodGate.wouldWait(now)) {
                return false;
            }
            floodGate.admit(now);
        }
        handle(text, request);
        return true;
    }

    private void handle(String text, Request request) {
        if (text == null) {
            send(Replies.error(ErrorCodes.INVALID_UTF8));
            return;
        }
        if (request == null) {
            return; // blank lines are not activity
        }
        lastActivityNanos = System.nanoTime();
        hub.counters().linesIn.increment();
        if (!TextRules.isSafe(text)) {
            // Checked for every command, plugins' included: none may relay terminal controls.
            send(Replies.error(ErrorCodes.INVALID_TEXT));
            return;
        }
        hub.commands().dispatch(this, request);
        if (replyCharge > 0) {
            if (floodGate != null) {
                floodGate.charge(replyCharge, System.nanoTime());
            }
            replyCharge = 0;
        }
    }

    /**
     * Whether the I/O loop may answer a line too long now: the flood gate lets a line through
     * without a pause (a pause is the reader thread's to take).
     */
    boolean canRefuseLineOnLoop() {
        return state.get() != State.OPEN || floodGate == null || !floodGate.wouldWait(System.nanoTime());
    }

    /** On the I/O loop, after {@link #canRefuseLineOnLoop()}: {@code ERR line-too-long}, booked with the flood gate. */
    void refuseTooLongOnLoop() {
        if (state.get() != State.OPEN) {
            return;
        }
        if (floodGate != null) {
            floodGate.admit(System.nanoTime());
        }
        send(Replies.error(ErrorCodes.LINE_TOO_LONG));
    }

    public void receiveTooLong() {
        if (state.get() == State.OPEN && (floodGate == null || passFloodGate())) {
            send(Replies.error(ErrorCodes.LINE_TOO_LONG));
        }
    }

    /**
     * Books a line with the flood gate and, past the limit, pauses this reader (nothing is
     * read meanwhile, so the client's TCP window fills; nothing is dropped).
     *
     * @return false when the session ended while paused
     */
    private boolean passFloodGate() {
        long episodesBefore = floodGate.episodes();
        long waitNanos = floodGate.admit(System.nanoTime());
        if (waitNanos == 0) {
            return true;
        }
        if (floodGate.episodes() != episodesBefore) {
            log.warn("[FLOOD] user={} remote={} action=slow-reading", name == null ? "-" : name, remoteAddress());
        }
        FlushBatch.flushCurrent(); // replies and deliveries so far do not wait out the pause
        long deadline = System.nanoTime() + waitNanos;
        long left;
        while ((left = deadline - System.nanoTime()) > 0 && state.get() == State.OPEN) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            LockSupport.parkNanos(Math.min(left, PAUSE_SLICE_NANOS));
        }
        return state.get() == State.OPEN;
    }

    /** The transport's input ended (EOF or error): the session is over. */
    public void inputEnded(String reason) {
        State previous = state.getAndSet(State.CLOSED);
        leave(previous == State.OPEN ? reason : endReason.get());
        transport.close();
        outbound.discard(); // what the peer never read gives its bytes back to the budget
        hub.removeConnection(this);
    }

    void attachInput(Inbound inbound) {
        input = inbound;
    }

    /** Bytes this session holds for the memory budget: its send queue and its unread input. */
    long bufferedBytes() {
        Inbound current = input;
        return outbound.queuedBytes() + (current == null ? 0 : current.heldBytes());
    }

    /**
     * The rest of a graceful shutdown's grace is gone and the queue has not drained: drop
     * what still waits so that {@code notice} is the next line the client reads.
     *
     * @return about how many bytes were dropped
     */
    public long preemptWith(String notice) {
        return outbound.preempt(Utf8.encodeLine(notice));
    }

    // ---- login state, driven by Hub ----

    public boolean isOpen() {
        return state.get() == State.OPEN;
    }

    boolean isClosed() {
        return state.get() == State.CLOSED;
    }

    public boolean isDeliverable() {
        return deliverable;
    }

    String key() {
        return key;
    }

    void loggedIn(String loginName, String loginKey, String confirmation) {
        name = loginName;
        key = loginKey;
        // The client may read the confirmation as soon as it is queued, and then expects every
        // later chat line: so the session is deliverable before the confirmation is queued, and
        // a delivery racing in between waits on the gate so it still lands after the confirmation.
        synchronized (loginGate) {
            deliverable = true;
            send(confirmation);
            confirmed = true;
        }
    }

    /** Queues a chat line addressed to this user (never ahead of its login confirmation). */
    void deliver(byte[] encodedLine) {
        if (deliverUncounted(encodedLine)) {
            hub.counters().linesOut.increment();
        }
    }

    /** As {@link #deliver}, but the caller counts: a broadcast counts once, not per recipient. */
    boolean deliverUncounted(byte[] encodedLine) {
        if (confirmed) {
            return outbound.offer(encodedLine);
        }
        synchronized (loginGate) { // only during the login itself: nothing blocks inside
            return outbound.offer(encodedLine);
        }
    }

    // ---- events, published by Hub in this session's order ----

    /**
     * Publishes this session's first event, unless it already left (then it is not reported at
     * all: it ended while logging in).
     */
    void publishLoggedIn(Events events, ChatEvent event) {
        synchronized (loginGate) { // held only to queue the event, never across I/O
            if (!leftPublished) {
                loggedInPublished = true;
                events.publish(event);
            }
        }
    }

    /**
     * Publishes an event this session caused (a message), unless its {@code Left} is out already:
     * a message that another thread's cut (a kick, a slow recipient) overtook is delivered but
     * not reported, so that {@code Left} stays the last event of the session.
     */
    void publishOwn(Events events, ChatEvent event) {
        synchronized (loginGate) {
            if (loggedInPublished && !leftPublished) {
                events.publish(event);
            }
        }
    }

    /** Publishes this session's last event (once, and only if its login was reported). */
    void publishLeft(Events events, ChatEvent event) {
        synchronized (loginGate) {
            if (loggedInPublished && !leftPublished) {
                events.publish(event);
            }
            leftPublished = true;
        }
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    public long connectedAtNanos() {
        return connectedAtNanos;
    }

    public long closeDeadlineNanos() {
        return closeDeadlineNanos;
    }

    public long queuedBytes() {
        return outbound.queuedBytes();
    }

    public boolean isOutputDrained() {
        return outbound.isDrained();
    }

    // ---- ending ----

    /** Leaves the chat now, sends {@code lastLine} (if any) after what is queued, then closes. */
    public void disconnect(String reason, String lastLine, long lingerNanos) {
        if (!state.compareAndSet(State.OPEN, State.CLOSING)) {
            return;
        }
        endReason.set(reason);
        leave(reason);
        if (lastLine != null) {
            outbound.offer(Utf8.encodeLine(lastLine));
        }
        outbound.end();
        closeDeadlineNanos = System.nanoTime() + lingerNanos;
    }

    /** Leaves the chat and closes the transport at once, dropping whatever is queued. */
    public void abort(String reason) {
        State previous = state.getAndSet(State.CLOSED);
        if (previous == State.CLOSED) {
            return;
        }
        if (previous == State.OPEN) {
            endReason.set(reason);
        }
        leave(endReason.get());
        transport.close();
        outbound.discard();
    }

    /** Past the linger deadline: the peer did not close its side in time. */
    public void closeTransport() {
        transport.close();
    }

    private void leave(String reason) {
        if (!left.compareAndSet(false, true)) {
            return;
        }
        deliverable = false;
        hub.left(this, reason);
    }

    @Override
    public void outboundOverflow(long queuedBytes) {
        hub.slowClient(this, queuedBytes);
    }

    @Override
    public void outboundFailed(IOException cause) {
        if (Thread.currentThread().isVirtual()) {
            abort("write-error");
        } else {
            // On the I/O loop: leaving tells every other user, which is no work for the loop.
            Thread.ofVirtual().start(() -> abort("write-error"));
        }
    }

    /** The transport can take more bytes after a write that did not fit (called on the I/O loop). */
    void writable() {
        outbound.writable();
    }

    @Override
    public String toString() {
        return "session[" + (name == null ? "-" : name) + "@" + remoteAddress() + "]";
    }
}
