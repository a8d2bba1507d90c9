package io.socketchat.server.internal;

import io.socketchat.server.cluster.ClusterLink.Claim;

import java.util.Collection;
import java.util.List;

/**
 * Who is logged in under which name. Names are held by their key ({@code Usernames.key}: NFKC
 * and case folding), so look-alike names are one name.
 *
 * <p>The local implementation ({@link LocalNames}) is a map on this node. A cluster's ({@link
 * ClusterNames}) keeps the same contract with the cluster's engine: {@link #claim} atomic across
 * nodes (and then it blocks for a round trip), {@link #sorted} listing every node's users;
 * {@link #lookup} and {@link #holders} only ever answer for this node's sessions (other nodes'
 * users are reached through {@link Delivery}).
 */
interface Names {

    /**
     * Takes {@code key} for {@code session}, logging in as {@code name}, if no one holds it: the one atomic step of a
     * login. The name shows in {@link #sorted} only after {@link #loggedIn}.
     *
     * @return {@link Claim#TAKEN} when another session holds it, {@link Claim#UNAVAILABLE} when a
     *         cluster cannot tell
     */
    Claim claim(String key, String name, ClientSession session);

    /** Whether {@link #claim} blocks (a round trip to the cluster's engine): then no login may run on an I/O loop. */
    default boolean claimBlocks() {
        return false;
    }

    /**
     * Gives {@code key} back, if {@code session} holds it; the sorted list changes.
     *
     * @return whether the name is free now: {@code session} held it, and no other session of
     *         this node holds it too ({@link #addSession})
     */
    boolean release(String key, ClientSession session);

    /**
     * Lets {@code session} hold {@code key} beside {@code holder}, its deliverable holder: an account
     * logged in twice ({@code --allow-multi-login}). Lines to the name reach both; the name shows once.
     *
     * @return false when {@code holder} no longer holds it
     */
    boolean addSession(String key, ClientSession holder, ClientSession session);

    /** The sessions holding {@code key} beside the one {@link #lookup} gives (empty but for multi-login). */
    java.util.List<ClientSession> alsoHolding(String key);

    /** The deliverable session of this node holding {@code key}, or {@code null}. */
    ClientSession lookup(String key);

    /** The names of deliverable users as typed, sorted ignoring case. */
    List<String> sorted();

    /** A claimed user became deliverable (or already left again): {@link #sorted} must show the change. */
    void loggedIn(ClientSession session);

    /** This node's sessions holding a name (one that is leaving may still be among them). */
    Collection<ClientSession> holders();
}
