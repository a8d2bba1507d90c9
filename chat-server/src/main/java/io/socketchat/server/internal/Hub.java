package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Request;
import io.socketchat.protocol.Utf8;
import io.socketchat.protocol.Usernames;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.Session;
import io.socketchat.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The shared chat as the commands see it ({@link Chat}), over three parts: {@link Names} (who
 * is logged in under which name), {@link Delivery} (fan-out) and {@link Connections} (every
 * open connection). The hub formats the protocol's chat lines, ties login and leave together
 * across the parts, and publishes {@link ChatEvent}s; the parts know nothing of events or of
 * each other's order, so a cluster can replace names and delivery without touching this.
 *
 * <p>A user becomes deliverable before its login confirmation is queued (so a client that
 * read {@code OK} misses nothing sent after), yet reads {@code OK} before any chat line; a
 * user stops being deliverable as soon as it leaves. No lock is taken on the delivery path
 * (except to a user in the middle of logging in).
 */
public final class Hub implements Chat, ClientSession.Host, BatchedChat.Target {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** How finely the memory budget's enforcer tells clients that stopped reading from those that read. */
    private static final long STALL_STEP_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(20);

    private final Names names = new LocalNames();
    private final Connections connections = new LocalConnections();
    private final Counters counters = new Counters();
    private final Delivery delivery;
    private final Events events;
    private final CommandTable commands;
    private volatile Block lastBlock;
    private volatile boolean shuttingDown;

    private final boolean logText;
    private final MemoryBudget budget;

    /** A hub with an unlimited budget and the default leave-notice rate (for tests of the chat alone). */
    public Hub(CommandTable commands) {
        this(commands, new MemoryBudget(Long.MAX_VALUE), 50, false);
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText) {
        this(commands, budget, leaveNoticesPerSecond, logText, Events.none());
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText, Events events) {
        this.commands = commands;
        this.logText = logText;
        this.budget = budget;
        this.events = events;
        this.delivery = new LocalDelivery(names, counters, leaveNoticesPerSecond);
        budget.enforceWith(this::cutBiggest);
    }

    @Override
    public MemoryBudget budget() {
        return budget;
    }

    @Override
    public boolean logsMessageText() {
        return logText;
    }

    @Override
    public Counters counters() {
        return counters;
    }

    @Override
    public boolean runsWithoutBlocking(String word) {
        return commands.runsOnLoop(word);
    }

    @Override
    public void dispatch(ClientSession session, Request request, FlushBatch batch) {
        commands.dispatch(session, request, this, batch);
    }

    // ---- Chat, for command handlers ----
    // Each call comes in two forms: the Chat method writes at once (a caller with no input of
    // its own), the one with a batch writes when the sender's batch is flushed.

    @Override
    public LoginResult login(Session session, String name, String confirmation) {
        return login(session, name, confirmation, FlushBatch.IMMEDIATE);
    }

    @Override
    public LoginResult login(Session session, String name, String confirmation, FlushBatch batch) {
        ClientSession client = (ClientSession) session;
        if (client.name() != null) {
            return LoginResult.ALREADY_LOGGED_IN;
        }
        String key = Usernames.key(name);
        if (!names.claim(key, client)) {
            return LoginResult.NAME_TAKEN;
        }
        delivery.joining(client); // before the user turns deliverable
        client.loggedIn(name, key, confirmation, batch);
        if (!client.isOpen()) {
            names.release(key, client); // it ended while logging in
        }
        names.changed(); // after the user turned deliverable (or left again)
        log.info("[LOGIN] user={} remote={}", name, client.remoteAddress());
        if (events.active()) {
            client.publishLoggedIn(events, new ChatEvent.LoggedIn(name, client.remoteAddress(), Instant.now()));
        }
        return LoginResult.OK;
    }

    @Override
    public String deliverTo(String name, String line) {
        return deliverTo(name, line, FlushBatch.IMMEDIATE);
    }

    @Override
    public String deliverTo(String name, String line, FlushBatch batch) {
        return delivery.toUser(Usernames.key(name), line, batch);
    }

    @Override
    public void broadcast(Session except, String line) {
        broadcast(except, line, FlushBatch.IMMEDIATE);
    }

    @Override
    public void broadcast(Session except, String line, FlushBatch batch) {
        delivery.toAllExcept(except, line, batch);
    }

    @Override
    public void broadcastMessage(Session sender, String text) {
        broadcastMessage(sender, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public void broadcastMessage(Session sender, String text, FlushBatch batch) {
        String from = sender.name();
        int recipients = delivery.toAllExcept(sender, Replies.message(from, text), batch);
        if (events.active()) {
            publishOwn(sender, new ChatEvent.LobbyMessage(from, text, recipients, Instant.now()));
        }
    }

    @Override
    public String directMessage(Session sender, String name, String text) {
        return directMessage(sender, name, text, FlushBatch.IMMEDIATE);
    }

    @Override
    public String directMessage(Session sender, String name, String text, FlushBatch batch) {
        String from = sender.name();
        String to = delivery.toUser(Usernames.key(name), Replies.direct(from, text), batch);
        if (to != null && events.active()) {
            publishOwn(sender, new ChatEvent.DirectMessage(from, to, text, Instant.now()));
        }
        return to;
    }

    /** An event a session caused: in its order, between its LoggedIn and its Left. */
    private void publishOwn(Session sender, ChatEvent event) {
        if (sender instanceof ClientSession client) {
            client.publishOwn(events, event);
        } else {
            events.publish(event); // a handler's own Session: no session order to keep
        }
    }

    @Override
    public List<String> userNames() {
        return names.sorted();
    }

    /**
     * The encoded block of {@code lines}, or null when it would be larger than {@code maxBytes}
     * (it is sized before it is built). The same list sent again, as {@code WHO} sends its
     * listing until someone logs in or leaves, gets the same array: every asker's queue holds a
     * reference to one block, as with a broadcast, and it is encoded once.
     */
    @Override
    public byte[] encodedBlock(List<String> lines, long maxBytes) {
        Block last = lastBlock;
        if (last != null && last.lines() == lines) {
            return last.bytes().length > maxBytes ? null : last.bytes();
        }
        long size = Utf8.encodedLinesLength(lines);
        if (size > maxBytes) {
            return null;
        }
        byte[] bytes = Utf8.encodeLines(lines);
        lastBlock = new Block(lines, bytes);
        return bytes;
    }

    /** The last block encoded, by the identity of its list. */
    private record Block(List<String> lines, byte[] bytes) {
    }

    // ---- connections ----

    public ClientSession open(Transport transport, long sendQueueBytes) {
        ClientSession session = new ClientSession(this, transport, sendQueueBytes);
        connections.add(session);
        counters.connectionsAccepted.increment();
        log.info("[CONNECT] remote={}", transport.remoteAddress());
        return session;
    }

    @Override
    public void closed(ClientSession session) {
        connections.remove(session);
    }

    /** Called once per session when it leaves, whatever the cause. */
    @Override
    public void left(ClientSession session, String reason) {
        String name = session.name();
        if (name == null) {
            log.info("[DISCONNECT] user=- remote={} reason={}", session.remoteAddress(), reason);
            if (events.active()) {
                session.publishLeft(events, null); // never logged in: nothing to report, now or later
            }
            return;
        }
        names.release(session.key(), session);
        delivery.leaving(session);
        log.info("[DISCONNECT] user={} remote={} reason={}", name, session.remoteAddress(), reason);
        if (events.active()) {
            session.publishLeft(events, new ChatEvent.Left(name, session.remoteAddress(), reason, Instant.now()));
        }
        if (shuttingDown) {
            return;
        }
        delivery.announceLeave(session);
    }

    /** Called by the server's timer: sums up the leaves of a second past the notice rate. */
    public void tick(long nowNanos) {
        if (!shuttingDown) {
            delivery.tick(nowNanos);
        }
    }

    /**
     * The memory budget's enforcer: cuts connections until about {@code excessBytes} are
     * freed. Clients that have stopped reading go first, those stalled longest first (in steps
     * of {@link #STALL_STEP_NANOS}), the biggest first among equals; a client that keeps reading
     * goes only after every stalled one. A connection holding nothing is never cut. So when
     * some clients stop reading, the readers that keep up (whose queues may be just as full
     * while they pace a fast sender) lose nothing.
     */
    private void cutBiggest(long excessBytes) {
        record Holder(ClientSession session, long bytes, long stalledSteps) {
        }
        long now = System.nanoTime();
        List<Holder> holders = new ArrayList<>();
        for (ClientSession session : connections.all()) {
            long bytes = session.bufferedBytes();
            if (bytes > 0 && !session.isClosed()) {
                holders.add(new Holder(session, bytes, session.outputStalledNanos(now) / STALL_STEP_NANOS));
            }
        }
        holders.sort(Comparator.comparingLong(Holder::stalledSteps).reversed()
                .thenComparing(Comparator.comparingLong(Holder::bytes).reversed()));
        long freed = 0;
        for (Holder holder : holders) {
            if (freed >= excessBytes) {
                break;
            }
            ClientSession session = holder.session();
            counters.slowDisconnects.increment();
            counters.memoryCuts.increment();
            log.warn("[SLOW] user={} remote={} queued={} reason=server-memory budget={} charged={}",
                    session.name() == null ? "-" : session.name(), session.remoteAddress(), holder.bytes(),
                    budget.limitBytes(), budget.chargedBytes());
            session.abort("slow");
            freed += holder.bytes();
        }
    }

    public long memoryCuts() {
        return counters.memoryCuts.sum();
    }

    @Override
    public void slowClient(ClientSession session, long queuedBytes) {
        counters.slowDisconnects.increment();
        log.warn("[SLOW] user={} remote={} queued={} reason=send-queue-full",
                session.name() == null ? "-" : session.name(), session.remoteAddress(), queuedBytes);
        session.abort("slow");
    }

    public Set<ClientSession> connections() {
        return connections.all();
    }

    public ClientSession user(String name) {
        return names.lookup(Usernames.key(name));
    }

    public List<ClientSession> loggedIn() {
        return names.holders().stream().filter(ClientSession::isDeliverable).toList();
    }

    public void beginShutdown() {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Waits until every connection is gone or the deadline passes. */
    public boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        return connections.awaitNone(deadlineNanos);
    }

    /** Lets observers take what is queued for up to {@code graceNanos}, then stops them. */
    public void closeEvents(long graceNanos) {
        events.close(graceNanos);
    }

    public long connectionsAccepted() {
        return counters.connectionsAccepted.sum();
    }

    public long linesIn() {
        return counters.linesIn.sum();
    }

    public long linesOut() {
        return counters.linesOut.sum();
    }

    public long slowDisconnects() {
        return counters.slowDisconnects.sum();
    }
}
