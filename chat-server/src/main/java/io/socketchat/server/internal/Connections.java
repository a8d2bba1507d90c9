package io.socketchat.server.internal;

import java.util.Set;

/**
 * The open connections of this node, logged in or not, whatever their transport. Always
 * local (a socket belongs to one node); behind an interface so that the registry's three
 * parts look alike and a test can stand in for it.
 */
interface Connections {

    void add(ClientSession session);

    /** The connection is gone (its transport closed); wakes {@link #awaitNone}. */
    void remove(ClientSession session);

    /** A live view of the open connections. */
    Set<ClientSession> all();

    /** Waits until every connection is gone or the deadline ({@link System#nanoTime()}) passes. */
    boolean awaitNone(long deadlineNanos) throws InterruptedException;
}
