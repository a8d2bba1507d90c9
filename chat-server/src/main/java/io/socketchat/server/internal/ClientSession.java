package io.socketchat.server.internal;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.protocol.TextRules;
import io.socketchat.protocol.Utf8;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.Session;
import io.socketchat.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
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

    /**
     * What a session needs of the chat it belongs to ({@link Hub} is the one): the budget and
     * counters it reports to, its command table, and where its leaving and its end are told.
     */
    interface Host {
        MemoryBudget budget();

        Counters counters();

        /** The encoded block of {@code lines}, or null when it would be larger than {@code maxBytes}. */
        byte[] encodedBlock(List<String> lines, long maxBytes);

        /** Whether handling {@code word} never blocks (see {@code CommandTable.runsOnLoop}). */
        boolean runsWithoutBlocking(String word);

        /** Runs one request of this session; what it queues goes into {@code batch}. */
        void dispatch(ClientSession session, Request request, FlushBatch batch);

        /** The session left the chat (once), for {@code reason}. */
        void left(ClientSession session, String reason);

        /** The session's connection is gone. */
        void closed(ClientSession session);

        /** The session's send queue overflowed: cut it off as slow. */
        void slowClient(ClientSession session, long queuedBytes);
    }

    /** What the session's input holds, for the memory budget's view of this session. */
    interface HeldInput {
        long heldBytes();
    }

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** A paused reader looks this often whether its session ended meanwhile. */
    private static final long PAUSE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Flood control charges a block reply one line per this many bytes (a WHO of thousands of users). */
    static final int REPLY_BYTES_PER_LINE = 4096;

    private final Host hub;
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
    /** Null when flood control is off; touched only by the thread handling this session's input. */
    private FloodGate floodGate;
    /** Lines of flood charge that block replies of the command being handled owe; the input thread's. */
    private int replyCharge;
    /** The input side, for the memory budget's view of what this session holds. */
    private volatile HeldInput input;
    /** The client's address as admitted, or null when the transport gave none. */
    private volatile InetAddress clientAddress;
    /** Holds its name as an account (AUTH, or REGISTER of the name it held). */
    private volatile boolean authenticated;

    ClientSession(Host hub, Transport transport, long sendQueueBytes) {
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
    public InetAddress clientAddress() {
        return clientAddress;
    }

    void clientAddress(InetAddress address) {
        clientAddress = address;
    }

    @Override
    public boolean isSecure() {
        return transport.isSecure();
    }

    @Override
    public boolean isAuthenticated() {
        return authenticated;
    }

    /** Set by the accounts once a password proved the name; cleared when the account goes. */
    void authenticated(boolean value) {
        authenticated = value;
    }


    /** Queues a line to this client and writes it at once (a caller with no batch of its own). */
    @Override
    public void send(String line) {
        enqueue(Utf8.encodeLine(line), FlushBatch.IMMEDIATE);
    }

    /** Queues a line to this client, written when {@code batch} is. */
    void send(String line, FlushBatch batch) {
        enqueue(Utf8.encodeLine(line), batch);
    }

    @Override
    public boolean sendAll(List<String> lines) {
        return sendAll(lines, FlushBatch.IMMEDIATE, false);
    }

    /**
     * Sizes the block before building it: a block larger than the whole send queue is not
     * built at all; one that does not fit now goes the way of any line that overflows the
     * queue (the sender held back, then the slow-client cut). A reply to the command being
     * handled ({@code reply}) is charged to flood control by its size.
     */
    boolean sendAll(List<String> lines, FlushBatch batch, boolean reply) {
        byte[] block = hub.encodedBlock(lines, outbound.limitBytes());
        if (block == null) {
            return false;
        }
        if (reply) {
            replyCharge += block.length / REPLY_BYTES_PER_LINE;
        }
        enqueue(block, batch);
        return true;
    }

    void enqueue(byte[] encodedLine, FlushBatch batch) {
        if (outbound.offer(encodedLine, batch)) {
            hub.counters().linesOut.increment();
        }
    }

    MemoryBudget budget() {
        return hub.budget();
    }

    // ---- input, from the session's Inbound: one line at a time, in order ----

    /** Limits this session's input to {@code ratePerSecond} lines after a burst of {@code burst}; before input starts. */
    void limitFloods(int ratePerSecond, int burst) {
        floodGate = new FloodGate(ratePerSecond, burst);
    }

    /**
     * Whether {@link #handle} of this line cannot wait: its command (if any) is declared
     * non-blocking and the flood gate lets it through now.
     */
    boolean canHandleWithoutWaiting(ReceivedLine line) {
        if (state.get() != State.OPEN) {
            return true; // dropped at once
        }
        if (line.request() != null && !hub.runsWithoutBlocking(line.request().word())) {
            return false;
        }
        return floodGate == null || !floodGate.wouldWait(System.nanoTime());
    }

    /**
     * One framed, decoded line: flood control (which may pause this thread, unless {@link
     * #canHandleWithoutWaiting} said it would not), then the text rules and the command. What
     * it queues is written when {@code batch} is.
     */
    void handle(ReceivedLine line, FlushBatch batch) {
        if (state.get() != State.OPEN) {
            return; // ending: what the client still sends is read and dropped
        }
        if (floodGate != null && !passFloodGate(batch)) {
            return;
        }
        if (line.tooLong()) {
            send(Replies.error(ErrorCodes.LINE_TOO_LONG), batch);
            return;
        }
        if (line.text() == null) {
            send(Replies.error(ErrorCodes.INVALID_UTF8), batch);
            return;
        }
        Request request = line.request();
        if (request == null) {
            return; // blank lines are not activity
        }
        lastActivityNanos = System.nanoTime();
        hub.counters().linesIn.increment();
        if (!TextRules.isSafe(line.text())) {
            // Checked for every command, plugins' included: none may relay terminal controls.
            send(Replies.error(ErrorCodes.INVALID_TEXT), batch);
            return;
        }
        hub.dispatch(this, request, batch);
        if (replyCharge > 0) {
            if (floodGate != null) {
                floodGate.charge(replyCharge, System.nanoTime());
            }
            replyCharge = 0;
        }
    }

    /**
     * Books a line with the flood gate and, past the limit, pauses this thread (nothing is
     * read meanwhile, so the client's TCP window fills; nothing is dropped).
     *
     * @return false when the session ended while paused
     */
    private boolean passFloodGate(FlushBatch batch) {
        long episodesBefore = floodGate.episodes();
        long waitNanos = floodGate.admit(System.nanoTime());
        if (waitNanos == 0) {
            return true;
        }
        if (floodGate.episodes() != episodesBefore) {
            log.warn("[FLOOD] user={} remote={} action=slow-reading", name == null ? "-" : name, remoteAddress());
            hub.counters().floodEpisodes.increment();
        }
        batch.flush(); // replies and deliveries so far do not wait out the pause
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
        // A disconnect moves the state before it records its reason: in that moment, the input's reason.
        String recorded = endReason.get();
        leave(previous == State.OPEN || recorded == null ? reason : recorded);
        transport.close();
        outbound.discard(); // what the peer never read gives its bytes back to the budget
        hub.closed(this);
    }

    void attachInput(HeldInput inbound) {
        input = inbound;
    }

    /** How long the client has not read any of what waits in its send queue; 0 when nothing waits. */
    long outputStalledNanos(long nowNanos) {
        return outbound.stalledNanos(nowNanos);
    }

    /** Bytes this session holds for the memory budget: its send queue and its unread input. */
    long bufferedBytes() {
        HeldInput current = input;
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

    // ---- login state, driven by the host ----

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

    void loggedIn(String loginName, String loginKey, String confirmation, FlushBatch batch) {
        name = loginName;
        key = loginKey;
        // The client may read the confirmation as soon as it is queued, and then expects every
        // later chat line: so the session is deliverable before the confirmation is queued, and
        // a delivery racing in between waits on the gate so it still lands after the confirmation.
        synchronized (loginGate) {
            deliverable = true;
            send(confirmation, batch);
            confirmed = true;
        }
    }

    /** Queues a chat line addressed to this user (never ahead of its login confirmation). */
    void deliver(byte[] encodedLine, FlushBatch batch) {
        if (deliverUncounted(encodedLine, batch)) {
            hub.counters().linesOut.increment();
        }
    }

    /** As {@link #deliver}, but the caller counts: a broadcast counts once, not per recipient. */
    boolean deliverUncounted(byte[] encodedLine, FlushBatch batch) {
        if (confirmed) {
            return outbound.offer(encodedLine, batch);
        }
        synchronized (loginGate) { // only during the login itself: nothing blocks inside
            return outbound.offer(encodedLine, batch);
        }
    }

    // ---- events, published by the host in this session's order ----

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
            outbound.offer(Utf8.encodeLine(lastLine), FlushBatch.IMMEDIATE);
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
        // Whoever was writing (an I/O loop, another user's sender) is not held up by the leave,
        // which tells every other user: a virtual thread of its own does that.
        Thread.ofVirtual().start(() -> abort("write-error"));
    }

    /** The transport can take more bytes after a write that did not fit. */
    void writable(FlushBatch batch) {
        outbound.writable(batch);
    }

    @Override
    public String toString() {
        return "session[" + (name == null ? "-" : name) + "@" + remoteAddress() + "]";
    }
}
