package io.socketchat.server.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A node's connection to the other nodes of a cluster. Every method is thread-safe.
 *
 * <p>{@link #claim} blocks for one round trip (the core calls it from a virtual thread); {@link
 * #release}, {@link #publish} and {@link #send} never block: they queue, and the queue goes out in
 * order, so one node's payloads reach every other node in the order they were given. While the
 * engine is unreachable, queued payloads are dropped and counted, {@link #claim} answers {@link
 * Claim#UNAVAILABLE}, and the node's own users go on chatting among themselves.
 */
public interface ClusterLink extends AutoCloseable {

    /** How a claim of a name ended. */
    enum Claim {
        /** The name is this node's until it is released or the node's lease ends. */
        CLAIMED,
        /** A user of a live node holds it. */
        TAKEN,
        /** The engine cannot be reached: nothing was claimed. */
        UNAVAILABLE
    }

    /** A node as the cluster sees it. */
    record NodeStatus(String id, int users, Instant lastHeartbeat, boolean self) {
    }

    /** This node's id, unique in the cluster. */
    String nodeId();

    /** Connects, takes the node's lease and starts telling {@code node} what happens; returns once the lease is held. */
    void start(Node node);

    /** Claims {@code key} (a name key) for a user called {@code name} on this node, across the cluster, atomically. */
    Claim claim(String key, String name);

    /** Gives back a name this node claimed. Never blocks. */
    void release(String key);

    /** Sends {@code payload} to every other node. Never blocks. */
    void publish(String payload);

    /** Sends {@code payload} to node {@code nodeId} only. Never blocks. */
    void send(String nodeId, String payload);

    /** Every live node, this one included, with its users and last heartbeat. Blocks for a round trip. */
    List<NodeStatus> nodes();

    /** Whether the engine answered the last time it was asked. */
    boolean isAvailable();


    /** Ends the lease (this node's names are free at once) and disconnects. */
    @Override
    void close();

    /**
     * What the core does for the link. Calls come from the link's threads, maybe two at once
     * ({@link #received} from the one reading other nodes' payloads, in the order they arrived;
     * the others from the one keeping the lease); each returns quickly, or waits while the core's
     * own queue of them is full.
     */
    interface Node {

        /** A payload another node published or sent to this one. */
        void received(String fromNode, String payload);

        /** A node (new, or seen again) and its users, name key to name: they count as logged in from now. */
        void nodeSeen(String nodeId, Map<String, String> users);

        /** A node's lease ended (it was killed or cut off): its users are gone. */
        void nodeLost(String nodeId);

        /**
         * The link has just (re)subscribed: what other nodes sent before is lost. Their users and
         * rooms come again through {@link #nodeSeen}; what else the core keeps from payloads it
         * reads back from where it lives (the accounts, from the shared store).
         */
        void missedPayloads();

        /** This node's users, name key to name, for the link to claim again after the engine came back. */
        Map<String, String> localUsers();

        /**
         * This node lost a name to a user elsewhere (its own lease ended while it was paused, or
         * an outage let another node give the name out again): disconnect the local holder
         * with {@code reason} ({@code name-conflict} or {@code cluster-lease-expired}).
         */
        void lost(String key, String reason);
    }
}
