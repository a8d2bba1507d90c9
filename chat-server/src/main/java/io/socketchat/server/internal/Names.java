package io.socketchat.server.internal;

import java.util.Collection;
import java.util.List;

/**
 * Who is logged in under which name. Names are held by their key ({@code Usernames.key}: NFKC
 * and case folding), so look-alike names are one name.
 *
 * <p>The local implementation ({@link LocalNames}) is a map on this node. A cluster keeps the
 * same contract with a shared store: {@link #claim} atomic across nodes (e.g. {@code SET NX}
 * with an expiry the node renews), {@link #sorted} listing every node's users; {@link
 * #lookup} and {@link #holders} only ever answer for this node's sessions (other nodes' users
 * are reached through {@link Delivery}).
 */
interface Names {

    /**
     * Takes {@code key} for {@code session} if no one holds it: the one atomic step of a
     * login. The name shows in {@link #sorted} only after the next {@link #changed}.
     *
     * @return false when another session holds it
     */
    boolean claim(String key, ClientSession session);

    /** Gives {@code key} back, if {@code session} holds it; the sorted list changes. */
    void release(String key, ClientSession session);

    /** The deliverable session of this node holding {@code key}, or {@code null}. */
    ClientSession lookup(String key);

    /** The names of deliverable users as typed, sorted ignoring case. */
    List<String> sorted();

    /** A claimed user became deliverable: {@link #sorted} must show it. */
    void changed();

    /** This node's sessions holding a name (one that is leaving may still be among them). */
    Collection<ClientSession> holders();
}
