package io.socketchat.server.internal;

import io.socketchat.server.spi.Session;

/**
 * Fan-out: a line to one user, to every user but one, or to a room's members but one. The
 * sender's {@link FlushBatch} says when the lines are written and records a recipient whose
 * queue went over its limit.
 *
 * <p>The local implementation ({@link LocalDelivery}) queues to this node's sessions. A
 * cluster wraps it: a line to a user of another node goes to that node, a broadcast is
 * published once per node and each node fans it out to its own users with the local
 * implementation. Nothing here formats a line or publishes an event: that is {@link Hub}'s
 * job, so both stay the same whatever carries the line.
 */
interface Delivery {

    /** {@code session} is about to become deliverable: every later fan-out includes it. */
    void joining(ClientSession session);

    /** {@code session} stopped being deliverable: later fan-outs may skip it. */
    void leaving(ClientSession session);

    /**
     * Queues a line to the user holding {@code key}.
     *
     * @return the user's name as it logged in, or {@code null} when no such user is logged in
     */
    String toUser(String key, String line, FlushBatch batch);

    /**
     * Queues a line to every logged-in user but {@code except} (may be {@code null}).
     *
     * @return how many users it was queued to
     */
    int toAllExcept(Session except, String line, FlushBatch batch);

    /**
     * Queues a line to every member of {@code room} but {@code except} (may be {@code null}).
     *
     * @return how many members it was queued to
     */
    int toMembers(Room room, Session except, String line, FlushBatch batch);

    /** A user left: tell the others, at most at the leave-notice rate. */
    void announceLeave(ClientSession session);

    /** Called regularly: sums up the leaves of a second past the notice rate. */
    void tick(long nowNanos);
}
