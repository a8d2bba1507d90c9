package io.socketchat.console.admin;

import io.socketchat.server.AccountStatus;
import io.socketchat.server.PluginReport;
import io.socketchat.server.RoomStatus;
import io.socketchat.server.ServerStats;
import io.socketchat.server.TlsCertificate;
import io.socketchat.server.UserInfo;
import io.socketchat.server.cluster.ClusterLink;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the operator commands steer. The commands only ever see this interface, so the same
 * command tree serves the local shell and the admin socket; each supplies its own target
 * (which names itself differently in the kick log, for instance).
 */
public interface AdminTarget {

    List<UserInfo> users();

    /** @return false when no such user is logged in (on any node of a cluster) */
    boolean kick(String name, String reason);

    /** The nodes of the cluster, this one marked; empty for a node of its own. */
    default List<ClusterLink.NodeStatus> nodes() {
        return List.of();
    }

    /** The users of the cluster's other nodes, name to node; empty for a node of its own. */
    default java.util.Map<String, String> usersElsewhere() {
        return java.util.Map.of();
    }

    int port();

    /** Every room known: with members, a topic or stored history. */
    List<RoomStatus> rooms();

    /**
     * Closes a room: its members are told and taken out; its history stays unless {@code purge}.
     *
     * @return how many members were removed, or -1 when no such room is known
     */
    int closeRoom(String room, boolean purge);

    /**
     * Deletes a room's stored messages.
     *
     * @return how many were deleted, or -1 when no such room is known
     */
    long purgeHistory(String room);

    /** Binds {@code port} first, then closes the old listener; on failure the old one keeps serving. */
    void changePort(int port) throws IOException;

    Duration idleTimeout();

    void setIdleTimeout(Duration timeout);

    ServerStats stats();

    /** The certificate new TLS connections get; empty when TLS is off. */
    Optional<TlsCertificate> tlsCertificate();

    /** The TLS listener's port; -1 when TLS is off. */
    int tlsPort();

    /**
     * Reads the TLS files again and serves them to new connections.
     *
     * @throws IllegalStateException naming the file and the problem (the old certificate stays), or when TLS is off
     */
    TlsCertificate reloadTls();

    /**
     * Re-reads the settings (config file, environment, flags) and applies those that can change
     * live; returns what changed and what needs a restart.
     *
     * @throws IllegalStateException saying why, when the settings are bad (the running ones stay)
     */
    String reload();

    /** Every command the server serves, where it comes from, and the plugin jars it refused. */
    PluginReport plugins();

    /** Every account, sorted by name ignoring case, with whether it is online. */
    default List<AccountStatus> accounts() {
        return List.of();
    }

    /** @return false when there is no such account */
    default boolean deleteAccount(String name) {
        return false;
    }

    /**
     * A one-time password for the account, to print once; empty when there is no such account.
     *
     * @throws IllegalStateException when password hashing is saturated
     */
    default Optional<String> resetAccount(String name) {
        return Optional.empty();
    }

    /** @return false when there is no such account */
    default boolean lockAccount(String name, boolean locked) {
        return false;
    }

    /** Starts a graceful shutdown and returns at once, so the caller can still answer. */
    void shutdown();

    /** True once {@link #shutdown()} was called through this target or the server is down. */
    boolean isShuttingDown();
}
