package io.socketchat.console.admin;

import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerStats;
import io.socketchat.server.UserInfo;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * What the operator commands steer. The commands only ever see this interface, so the same
 * command tree serves the local shell and the admin socket; each supplies its own target
 * (which names itself differently in the kick log, for instance).
 */
public interface AdminTarget {

    List<UserInfo> users();

    /** @return false when no such user is logged in */
    boolean kick(String name, String reason);

    int port();

    /** Binds {@code port} first, then closes the old listener; on failure the old one keeps serving. */
    void changePort(int port) throws IOException;

    Duration idleTimeout();

    void setIdleTimeout(Duration timeout);

    ServerStats stats();

    /** Every command the server serves, where it comes from, and the plugin jars it refused. */
    PluginReport plugins();

    /** Starts a graceful shutdown and returns at once, so the caller can still answer. */
    void shutdown();

    /** True once {@link #shutdown()} was called through this target or the server is down. */
    boolean isShuttingDown();
}
