package io.socketchat.console;

import io.socketchat.server.cluster.ClusterLink;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster's flags and environment: parsing and the refusals, without a Redis. */
class ClusterOptionsTest {

    @Test
    void withoutClusterTheNodeIsItsOwn() {
        ClusterOptions options = CommandLines.parsed(Map.of()).cluster;
        assertThat(options.clustered()).isFalse();
        assertThat(options.link(4000)).isNull();
        assertThat(options.lease).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void theEnvironmentNamesTheClusterTheNodeAndTheLease() {
        ClusterOptions options = CommandLines.parsed(Map.of("CHAT_CLUSTER", "redis://10.0.0.5:6380/2",
                "CHAT_NODE_ID", "chat-2", "CHAT_CLUSTER_LEASE", "4s")).cluster;
        ClusterLink link = options.link(4000);
        assertThat(link.nodeId()).isEqualTo("chat-2");
        assertThat(options.lease).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theDefaultNodeIdIsTheHostAndPort() {
        ClusterLink link = CommandLines.parsed(Map.of(), "--cluster", "redis://127.0.0.1").cluster.link(4321);
        assertThat(link.nodeId()).endsWith("-4321").matches("[A-Za-z0-9._-]+");
    }

    @Test
    void badUrlsNodeIdsAndLeasesAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> CommandLines.parsed(Map.of(), "--cluster", "http://127.0.0.1:6379").cluster.link(4000))
                .hasMessageStartingWith("--cluster: expected redis://HOST:PORT");
        assertThatThrownBy(() -> CommandLines.parsed(Map.of(), "--cluster", "redis://x:1", "--node-id", "a b")
                .cluster.link(4000)).hasMessageStartingWith("--node-id:");
        assertThatThrownBy(() -> CommandLines.parsed(Map.of(), "--cluster", "redis://x:1", "--cluster-lease", "100ms")
                .cluster.link(4000)).hasMessageStartingWith("--cluster-lease: at least 500ms");
    }
}
