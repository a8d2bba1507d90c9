package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Utf8;
import io.socketchat.server.spi.Session;

import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link Delivery} to this node's sessions. No lock is taken on the delivery path (except to
 * a user in the middle of logging in, see {@link ClientSession#deliverUncounted}).
 */
final class LocalDelivery implements Delivery {

    private final Names names;
    private final Counters counters;
    private final LeaveNotices leaveNotices;
    /** Counts logins: a recipients array built at an older count lacks someone. */
    private final AtomicLong logins = new AtomicLong();
    /** Counts leaves: an array built at an older count holds users it skips. */
    private final AtomicLong leaves = new AtomicLong();
    private volatile Recipients recipients = new Recipients(0, 0, new ClientSession[0]);

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

    LocalDelivery(Names names, Counters counters, int leaveNoticesPerSecond) {
        this.names = names;
        this.counters = counters;
        this.leaveNotices = new LeaveNotices(leaveNoticesPerSecond);
    }

    @Override
    public void joining(ClientSession session) {
        // Counted before the user turns deliverable: any broadcast after that sees a new count
        // and rebuilds its recipients with this user in them.
        logins.incrementAndGet();
    }

    @Override
    public void leaving(ClientSession session) {
        leaves.incrementAndGet();
    }

    @Override
    public String toUser(String key, String line, FlushBatch batch) {
        ClientSession target = names.lookup(key);
        if (target == null) {
            return null;
        }
        byte[] encoded = Utf8.encodeLine(line);
        target.deliver(encoded, batch);
        for (ClientSession also : names.alsoHolding(key)) {
            if (also.isDeliverable()) {
                also.deliver(encoded, batch); // the same account logged in again: every session gets it
            }
        }
        return target.name();
    }

    @Override
    public int toAllExcept(Session except, String line, FlushBatch batch) {
        return fanOut(recipients(), except, line, batch);
    }

    @Override
    public int toMembers(Room room, Session except, String line, FlushBatch batch) {
        ClientSession[] members = room.members();
        if (members.length == 0 || members.length == 1 && members[0] == except) {
            return 0;
        }
        return fanOut(members, except, line, batch);
    }

    /** Queues one encoded copy of {@code line} to each deliverable user of {@code users} but {@code except}. */
    private int fanOut(ClientSession[] users, Session except, String line, FlushBatch batch) {
        byte[] encoded = Utf8.encodeLine(line); // once, shared by every recipient
        // Concurrent fan-outs from different senders start at different recipients (a spot
        // derived from the sending thread), so they rarely queue for the same one at the same
        // moment; each sender's lines still reach each user in order.
        long spread = Thread.currentThread().threadId() * 0x9E3779B97F4A7C15L >>> 33;
        int start = users.length == 0 ? 0 : (int) (spread % users.length);
        // A party without a batch (a leave, the timer, a plugin's thread) would write each
        // recipient at once; a failed write ends that user, whose leave broadcasts again from
        // inside this one, and a crowd of broken connections nests one level per user until
        // the stack overflows. With a batch the writes come after the loop, and a leave they
        // cause is told from a thread of its own.
        FlushBatch writing = batch == FlushBatch.IMMEDIATE ? new FlushBatch(FlushBatch.WhenFull.CUT_OFF) : batch;
        try {
            int delivered = deliver(users, start, users.length, except, encoded, writing)
                    + deliver(users, 0, start, except, encoded, writing);
            counters.linesOut.add(delivered); // once per fan-out, not per recipient
            return delivered;
        } finally {
            if (writing != batch) {
                writing.end();
            }
        }
    }

    private static int deliver(ClientSession[] users, int from, int to, Session except, byte[] encoded,
                               FlushBatch batch) {
        int delivered = 0;
        for (int i = from; i < to; i++) {
            ClientSession user = users[i];
            if (user != except && user.isDeliverable() && user.deliverUncounted(encoded, batch)) {
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
            current = new Recipients(loginCount, leaveCount, names.holders().toArray(new ClientSession[0]));
            recipients = current;
            counters.recipientRebuilds.increment();
        }
        return current.sessions();
    }

    @Override
    public void announceLeave(ClientSession session) {
        announceLeave(session.name(), session);
    }

    /**
     * Tells this node's users but {@code except} that {@code name} left, at most at the
     * leave-notice rate; in a cluster each node tells its own users of every node's leaves.
     */
    void announceLeave(String name, Session except) {
        LeaveNotices.Decision tell = leaveNotices.left(System.nanoTime());
        if (tell.summaryFirst() > 0) {
            toAllExcept(except, Replies.moreDisconnected(tell.summaryFirst()), FlushBatch.IMMEDIATE);
        }
        if (tell.notice()) {
            toAllExcept(except, Replies.disconnected(name), FlushBatch.IMMEDIATE);
        }
    }

    @Override
    public void tick(long nowNanos) {
        long more = leaveNotices.summaryDue(nowNanos);
        if (more > 0) {
            toAllExcept(null, Replies.moreDisconnected(more), FlushBatch.IMMEDIATE);
        }
    }
}
