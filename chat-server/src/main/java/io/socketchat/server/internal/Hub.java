package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Usernames;
import io.socketchat.protocol.Utf8;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The shared chat: every open connection, the logged-in users by name key, and delivery.
 *
 * <p>A user becomes deliverable before its login confirmation is queued (so a client that
 * read {@code OK} misses nothing sent after), yet reads {@code OK} before any chat line; a
 * user stops being deliverable as soon as it leaves. No lock is taken on the delivery path
 * (except to a user in the middle of logging in).
 */
public final class Hub implements Chat {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    private static final Comparator<String> BY_NAME =
            String.CASE_INSENSITIVE_ORDER.thenComparing(Comparator.naturalOrder());

    private final Map<String, ClientSession> users = new ConcurrentHashMap<>();
    private final Set<ClientSession> connections = ConcurrentHashMap.newKeySet();
    private final Counters counters = new Counters();
    private final CommandTable commands;
    private final Object connectionsChanged = new Object();
    /** Counts logins: a recipients array built at an older count lacks someone. */
    private final AtomicLong logins = new AtomicLong();
    /** Counts leaves: an array built at an older count holds users it skips. */
    private final AtomicLong leaves = new AtomicLong();
    private volatile Recipients recipients = new Recipients(0, 0, new ClientSession[0]);
    /** Raised after every completed login and leave: a name list built before it is stale. */
    private final AtomicLong namesVersion = new AtomicLong();
    private volatile NameList nameList = new NameList(-1, List.of());
    private volatile Block lastBlock;

    /** The users as an array for fan-out, as they were at these login and leave counts. */
    private record Recipients(long logins, long leaves, ClientSession[] sessions) {

        /**
         * Rebuilt after any login, but not after every leave: a crowd leaving at once would
         * otherwise copy the whole map once per leave (each leave broadcasts its notice).
         * Users that left are skipped until they make up a quarter of the array.
         */
        boolean isCurrent(long loginCount, long leaveCount) {
            return logins == loginCount && leaveCount - leaves <= sessions.length / 4;
        }
    }
    private volatile boolean shuttingDown;

    private final boolean logText;
    private final MemoryBudget budget;
    private final LeaveNotices leaveNotices;

    /** A hub with an unlimited budget and the default leave-notice rate (for tests of the chat alone). */
    public Hub(CommandTable commands) {
        this(commands, new MemoryBudget(Long.MAX_VALUE), 50, false);
    }

    public Hub(CommandTable commands, MemoryBudget budget, int leaveNoticesPerSecond, boolean logText) {
        this.commands = commands;
        this.logText = logText;
        this.budget = budget;
        this.leaveNotices = new LeaveNotices(leaveNoticesPerSecond);
        budget.enforceWith(this::cutBiggest);
    }

    MemoryBudget budget() {
        return budget;
    }

    @Override
    public boolean logsMessageText() {
        return logText;
    }

    CommandTable commands() {
        return commands;
    }

    Counters counters() {
        return counters;
    }

    // ---- Chat, for command handlers ----

    @Override
    public LoginResult login(Session session, String name, String confirmation) {
        ClientSession client = (ClientSession) session;
        if (client.name() != null) {
            return LoginResult.ALREADY_LOGGED_IN;
        }
        String key = Usernames.key(name);
        if (users.putIfAbsent(key, client) != null) {
            return LoginResult.NAME_TAKEN;
        }
        // Counted before the user turns deliverable: any broadcast after that sees a new count
        // and rebuilds its recipients with this user in them.
        logins.incrementAndGet();
        client.loggedIn(name, key, confirmation);
        if (!client.isOpen()) {
            users.remove(key, client); // it ended while logging in
        }
        namesVersion.incrementAndGet(); // after the user turned deliverable (or left again)
        log.info("[LOGIN] user={} remote={}", name, client.remoteAddress());
        return LoginResult.OK;
    }

    @Override
    public String deliverTo(String name, String line) {
        ClientSession target = users.get(Usernames.key(name));
        if (target == null || !target.isDeliverable()) {
            return null;
        }
        target.deliver(Utf8.encodeLine(line));
        return target.name();
    }

    @Override
    public void broadcast(Session except, String line) {
        byte[] encoded = Utf8.encodeLine(line); // once, shared by every recipient
        ClientSession[] all = recipients();
        // Concurrent broadcasts from different senders start at different recipients (a spot
        // derived from the sending thread), so they rarely queue for the same one at the same
        // moment; each sender's lines still reach each user in order.
        long spread = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 33;
        int start = all.length == 0 ? 0 : (int) (spread % all.length);
        // A thread without a batch (a leave, the timer, a plugin's thread) would write each
        // recipient at once; a failed write ends that user, whose leave broadcasts again from
        // inside this one, and a crowd of broken connections nests one level per user until
        // the stack overflows. With a batch the writes come after the loop, and a leave they
        // cause only queues its notice into the same batch.
        FlushBatch own = FlushBatch.beginUnlessOpen();
        try {
            long delivered = deliver(all, start, all.length, except, encoded)
                    + deliver(all, 0, start, except, encoded);
            counters.linesOut.add(delivered); // once per broadcast, not per recipient
        } finally {
            if (own != null) {
                own.end();
            }
        }
    }

    private static long deliver(ClientSession[] users, int from, int to, Session except, byte[] encoded) {
        long delivered = 0;
        for (int i = from; i < to; i++) {
            ClientSession user = users[i];
            if (user != except && user.isDeliverable() && user.deliverUncounted(encoded)) {
                delivered++;
            }
        }
        return delivered;
    }

    /**
     * Every logged-in user as an array: iterating it is cheaper than the map, and it is rebuilt
     * only when someone logged in (or many left) since it was built. A user that left may
     * still be in it; {@link ClientSession#isDeliverable()} skips it.
     */
    private ClientSession[] recipients() {
        Recipients current = recipients;
        long loginCount = logins.get();
        long leaveCount = leaves.get();
        if (!current.isCurrent(loginCount, leaveCount)) {
            // Read the counts before the map: a change that lands meanwhile makes this one stale again.
            current = new Recipients(loginCount, leaveCount, users.values().toArray(new ClientSession[0]));
            recipients = current;
            counters.recipientRebuilds.increment();
        }
        return current.sessions();
    }

    /**
     * The sorted names, built once per change of who is logged in: with thousands of users a
     * sort per {@code WHO} was most of its cost, and a crowd asking at once repeated it.
     */
    @Override
    public List<String> userNames() {
        NameList current = nameList;
        long version = namesVersion.get();
        if (current.version() == version) {
            return current.names();
        }
        List<String> names = new ArrayList<>(users.size());
        for (ClientSession user : users.values()) {
            if (user.isDeliverable()) {
                names.add(user.name());
            }
        }
        names.sort(BY_NAME);
        List<String> built = Collections.unmodifiableList(names);
        nameList = new NameList(version, built);
        return built;
    }

    /**
     * The encoded block of {@code lines}, or null when it would be larger than {@code maxBytes}
     * (it is sized before it is built). The same list sent again, as {@code WHO} sends its
     * listing until someone logs in or leaves, gets the same array: every asker's queue holds a
     * reference to one block, as with a broadcast, and it is encoded once.
     */
    byte[] encodedBlock(List<String> lines, long maxBytes) {
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

    /** The sorted names as they were at a version of {@link #namesVersion}. */
    private record NameList(long version, List<String> names) {
    }

    // ---- connections ----

    public ClientSession open(Transport transport, long sendQueueBytes) {
        ClientSession session = new ClientSession(this, transport, sendQueueBytes);
        connections.add(session);
        counters.connectionsAccepted.increment();
        log.info("[CONNECT] remote={}", transport.remoteAddress());
        return session;
    }

    void removeConnection(ClientSession session) {
        connections.remove(session);
        synchronized (connectionsChanged) {
            connectionsChanged.notifyAll();
        }
    }

    /** Called once per session when it leaves, whatever the cause. */
    void left(ClientSession session, String reason) {
        String name = session.name();
        if (name == null) {
            log.info("[DISCONNECT] user=- remote={} reason={}", session.remoteAddress(), reason);
            return;
        }
        users.remove(session.key(), session);
        leaves.incrementAndGet();
        namesVersion.incrementAndGet();
        log.info("[DISCONNECT] user={} remote={} reason={}", name, session.remoteAddress(), reason);
        if (shuttingDown) {
            return;
        }
        LeaveNotices.Decision tell = leaveNotices.left(System.nanoTime());
        if (tell.summaryFirst() > 0) {
            broadcast(session, Replies.moreDisconnected(tell.summaryFirst()));
        }
        if (tell.notice()) {
            broadcast(session, Replies.disconnected(name));
        }
    }

    /** Called by the server's timer: sums up the leaves of a second past the notice rate. */
    public void tick(long nowNanos) {
        long more = leaveNotices.summaryDue(nowNanos);
        if (more > 0 && !shuttingDown) {
            broadcast(null, Replies.moreDisconnected(more));
        }
    }

    /**
     * The memory budget's enforcer: cuts the connections holding the most bytes until about
     * {@code excessBytes} are freed. A connection holding nothing is never cut, so a reader
     * that keeps up loses nothing.
     */
    private void cutBiggest(long excessBytes) {
        record Holder(ClientSession session, long bytes) {
        }
        List<Holder> holders = new ArrayList<>();
        for (ClientSession session : connections) {
            long bytes = session.bufferedBytes();
            if (bytes > 0 && !session.isClosed()) {
                holders.add(new Holder(session, bytes));
            }
        }
        holders.sort(Comparator.comparingLong(Holder::bytes).reversed());
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

    void slowClient(ClientSession session, long queuedBytes) {
        counters.slowDisconnects.increment();
        log.warn("[SLOW] user={} remote={} queued={} reason=send-queue-full",
                session.name() == null ? "-" : session.name(), session.remoteAddress(), queuedBytes);
        session.abort("slow");
    }

    public Set<ClientSession> connections() {
        return connections;
    }

    public ClientSession user(String name) {
        ClientSession session = users.get(Usernames.key(name));
        return session != null && session.isDeliverable() ? session : null;
    }

    public List<ClientSession> loggedIn() {
        return users.values().stream().filter(ClientSession::isDeliverable).toList();
    }

    public void beginShutdown() {
        shuttingDown = true;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    /** Waits until every connection is gone or the deadline passes. */
    public boolean awaitNoConnections(long deadlineNanos) throws InterruptedException {
        synchronized (connectionsChanged) {
            while (!connections.isEmpty()) {
                long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (remainingMillis <= 0) {
                    return false;
                }
                connectionsChanged.wait(Math.min(remainingMillis, 50));
            }
        }
        return true;
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
