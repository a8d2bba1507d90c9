package io.socketchat.console.admin;

import io.socketchat.server.AccountStatus;
import io.socketchat.server.ChatServer;
import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.server.PluginReport;
import io.socketchat.server.RoomStatus;
import io.socketchat.server.ServerStats;
import io.socketchat.server.TlsCertificate;
import io.socketchat.server.UserInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A running {@link ChatServer} as an {@link AdminTarget}. {@code by} names the operator's
 * channel in the log ({@code console} for the local shell, {@code admin-socket} when attached).
 */
public final class LiveServerTarget implements AdminTarget {

    private final ChatServer server;
    private final String by;
    private final AtomicBoolean shutdownRequested;
    private final Supplier<String> reload;

    private LiveServerTarget(ChatServer server, String by, AtomicBoolean shutdownRequested, Supplier<String> reload) {
        this.server = server;
        this.by = by;
        this.shutdownRequested = shutdownRequested;
        this.reload = reload;
    }

    /** A server started without settings to re-read (embedded, tests): {@code reload} refuses. */
    public static LiveServerTarget of(ChatServer server, String by) {
        return of(server, by, () -> {
            throw new IllegalStateException("this server was not started from a command line to re-read");
        });
    }

    public static LiveServerTarget of(ChatServer server, String by, Supplier<String> reload) {
        return new LiveServerTarget(server, by, new AtomicBoolean(), reload);
    }

    /** The same server seen through another channel; a shutdown through either is seen by both. */
    LiveServerTarget as(String otherBy) {
        return new LiveServerTarget(server, otherBy, shutdownRequested, reload);
    }

    @Override
    public String reload() {
        return reload.get();
    }

    @Override
    public List<UserInfo> users() {
        return server.users();
    }

    @Override
    public boolean kick(String name, String reason) {
        return server.kick(name, reason, by);
    }

    @Override
    public List<ClusterLink.NodeStatus> nodes() {
        return server.cluster().map(ClusterLink::nodes).orElse(List.of());
    }

    @Override
    public java.util.Map<String, String> usersElsewhere() {
        return server.usersElsewhere();
    }

    @Override
    public List<RoomStatus> rooms() {
        return server.rooms();
    }

    @Override
    public int closeRoom(String room, boolean purge) {
        return server.closeRoom(room, purge);
    }

    @Override
    public long purgeHistory(String room) {
        return server.purgeHistory(room);
    }

    @Override
    public int port() {
        return server.port();
    }

    @Override
    public void changePort(int port) throws IOException {
        server.changePort(port);
    }

    @Override
    public Duration idleTimeout() {
        return server.idleTimeout();
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        server.setIdleTimeout(timeout);
    }

    @Override
    public ServerStats stats() {
        return server.stats();
    }

    @Override
    public Optional<TlsCertificate> tlsCertificate() {
        return server.tlsCertificate();
    }

    @Override
    public int tlsPort() {
        return server.tlsAddress().map(address -> address.getPort()).orElse(-1);
    }

    @Override
    public TlsCertificate reloadTls() {
        return server.reloadTls();
    }

    @Override
    public PluginReport plugins() {
        return server.plugins();
    }

    @Override
    public void shutdown() {
        if (shutdownRequested.compareAndSet(false, true)) {
            // Not on the caller's thread: the admin socket still has to send its answer.
            Thread.ofPlatform().name("chat-admin-shutdown").start(server::shutdown);
        }
    }

    @Override
    public boolean isShuttingDown() {
        return shutdownRequested.get() || server.isShutDown();
    }

    @Override
    public List<AccountStatus> accounts() {
        return server.accounts();
    }

    @Override
    public boolean deleteAccount(String name) {
        return server.deleteAccount(name);
    }

    @Override
    public Optional<String> resetAccount(String name) {
        return server.resetAccount(name);
    }

    @Override
    public boolean lockAccount(String name, boolean locked) {
        return server.lockAccount(name, locked);
    }
}
