package io.socketchat.console;

import io.socketchat.cluster.RedisLink;
import io.socketchat.server.cluster.ClusterLink;
import picocli.CommandLine.Option;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;

/** The cluster's flags (several nodes as one chat, through Redis), mixed into {@code chat-server}'s options. */
public final class ClusterOptions {

    static final String DEFAULT_LEASE = "10s";

    @Option(names = "--cluster", paramLabel = "URL",
            description = "Join the nodes that share this Redis: redis://[:PASSWORD@]HOST:PORT[/DB], rediss:// for TLS"
                    + " (env CHAT_CLUSTER; default: a node of its own). Needs --store postgresql://... (or"
                    + " --no-history). See docs/cluster.md.")
    String cluster;

    @Option(names = "--node-id", paramLabel = "ID",
            description = "This node's name in the cluster, unique among its nodes (env CHAT_NODE_ID; default: host"
                    + " name and chat port, e.g. chat1-4000).")
    String nodeId;

    @Option(names = "--cluster-lease", converter = Converters.Timeout.class, defaultValue = DEFAULT_LEASE,
            paramLabel = "DURATION",
            description = "How long the names of a node that stopped answering stay taken; the node renews its lease"
                    + " four times as often (env CHAT_CLUSTER_LEASE; default ${DEFAULT-VALUE}).")
    Duration lease;

    boolean clustered() {
        return cluster != null && !cluster.isBlank();
    }

    /**
     * The link to the cluster these flags describe, not started; {@code null} without {@code --cluster}.
     *
     * @throws IllegalArgumentException for a URL that is not redis:// or rediss://, or a bad node id
     */
    ClusterLink link(int port) {
        if (!clustered()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(cluster.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--cluster: not a URL: " + cluster);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("redis") && !scheme.equals("rediss") || uri.getHost() == null) {
            throw new IllegalArgumentException("--cluster: expected redis://HOST:PORT[/DB] or rediss://..., got " + cluster);
        }
        if (uri.getPort() < 0) {
            uri = URI.create(scheme + "://" + (uri.getRawUserInfo() == null ? "" : uri.getRawUserInfo() + "@")
                    + uri.getHost() + ":6379" + (uri.getRawPath() == null ? "" : uri.getRawPath()));
        }
        String id = nodeId != null ? nodeId : defaultNodeId(port);
        if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--node-id: 1 to 64 letters, digits, '.', '_' or '-', got " + id);
        }
        if (lease.toMillis() < 500) {
            throw new IllegalArgumentException("--cluster-lease: at least 500ms, got " + lease.toMillis() + "ms");
        }
        return new RedisLink(uri, id, lease);
    }

    private static String defaultNodeId(int port) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "node";
        }
        return host.replaceAll("[^A-Za-z0-9._-]", "-") + "-" + port;
    }
}
