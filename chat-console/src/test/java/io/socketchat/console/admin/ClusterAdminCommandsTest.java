package io.socketchat.console.admin;

import io.socketchat.cluster.RedisLink;
import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.testkit.RedisServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cluster's operator commands (nodes, users --all, kick across nodes) on two real nodes and a real Redis. */
class ClusterAdminCommandsTest {

    private RedisServer redis;
    private ChatServer a;
    private ChatServer b;

    private ChatServer node(String id) {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .shutdownGrace(Duration.ofSeconds(1)).build();
        try {
            return ChatServer.start(config, PluginReport.builtInsOnly(ChatServer.discoverCommands()), List.of(),
                    MessageStore.none(), AccountStore.none(), AccountSettings.DEFAULTS, System::nanoTime,
                    new RedisLink(URI.create(redis.url()), id, Duration.ofSeconds(2)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeEach
    void start() {
        redis = RedisServer.launch();
        a = node("node-a");
        b = node("node-b");
    }

    @AfterEach
    void stop() {
        a.shutdown();
        b.shutdown();
        redis.close();
    }

    private static CommandResult run(ChatServer server, String line) {
        return AdminCommands.run(line, LiveServerTarget.of(server, "console"));
    }

    @Test
    void nodesUsersAllAndKickSeeTheWholeCluster() {
        try (TestClient alice = TestClient.login(a.port(), "alice");
             TestClient bob = TestClient.login(b.port(), "bob");
             TestClient carol = TestClient.login(b.port(), "carol")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> a.usersElsewhere().size() == 2);

            CommandResult nodes = run(a, "nodes");
            assertThat(nodes.exitCode()).isZero();
            List<String> lines = nodes.out().lines().toList();
            assertThat(lines.get(0)).startsWith("NODE").contains("USERS", "HEARTBEAT");
            assertThat(lines.get(1)).startsWith("* node-a").contains(" 1 ");
            assertThat(lines.get(2)).startsWith("  node-b").contains(" 2 ");
            assertThat(lines.get(3)).isEqualTo("(2 nodes)");
            List<Object> json = MiniJson.parseArray(run(b, "nodes --json").out().strip());
            assertThat(json).hasSize(2);
            @SuppressWarnings("unchecked")
            Map<String, Object> self = (Map<String, Object>) json.get(1);
            assertThat(self).containsEntry("id", "node-b").containsEntry("self", true).containsEntry("users", 2L);

            assertThat(run(a, "users --names").out().lines().toList()).containsExactly("alice");
            CommandResult all = run(a, "users --all");
            assertThat(all.out().lines().toList()).containsExactly("NAME   NODE", "alice  (this node)",
                    "bob    node-b", "carol  node-b", "(3 users)");

            CommandResult kick = run(a, "kick bob flooding");
            assertThat(kick.exitCode()).isZero();
            assertThat(bob.readUntilClosed()).containsExactly("INFO kicked by operator: flooding");
            assertThat(alice.readLine()).isEqualTo("INFO bob disconnected");
            assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
            assertThat(run(a, "kick bob").exitCode()).isEqualTo(1);
        }
    }

    @Test
    void nodesOnANodeOfItsOwnSaysSo() {
        try (LiveServer single = LiveServer.start()) {
            CommandResult nodes = AdminCommands.run("nodes", LiveServerTarget.of(single.server, "console"));
            assertThat(nodes.exitCode()).isEqualTo(1);
            assertThat(nodes.err()).contains("not in a cluster");
        }
    }
}
