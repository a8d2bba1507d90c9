package io.socketchat.console.admin;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every operator command against a real server, checked on real client sockets. */
class AdminCommandsTest {

    private LiveServer live;
    private AdminTarget console;

    @BeforeEach
    void start() {
        live = LiveServer.start();
        console = LiveServerTarget.of(live.server, "console");
    }

    @AfterEach
    void stop() {
        live.close();
    }

    private CommandResult run(String line) {
        return AdminCommands.run(line, console);
    }

    @Test
    void usersListsLoggedInUsersAsTableJsonAndNames() {
        try (TestClient alice = TestClient.login(live.port(), "alice");
             TestClient bob = TestClient.login(live.port(), "bob")) {
            bob.send("MSG hi");
            alice.readLine();

            CommandResult table = run("users");
            assertThat(table.exitCode()).isZero();
            List<String> lines = table.out().lines().toList();
            assertThat(lines.get(0)).startsWith("NAME").contains("REMOTE", "CONNECTED", "IDLE", "QUEUED");
            assertThat(lines.get(1)).startsWith("alice").contains("127.0.0.1:" + alice.socket().getLocalPort());
            assertThat(lines.get(2)).startsWith("bob").contains("127.0.0.1:" + bob.socket().getLocalPort());
            assertThat(lines.get(3)).isEqualTo("(2 users)");

            CommandResult json = run("users --json");
            assertThat(json.exitCode()).isZero();
            List<Object> users = MiniJson.parseArray(json.out().strip());
            assertThat(users).hasSize(2);
            @SuppressWarnings("unchecked")
            Map<String, Object> first = (Map<String, Object>) users.get(0);
            assertThat(first).containsEntry("name", "alice")
                    .containsEntry("remoteAddress", "127.0.0.1:" + alice.socket().getLocalPort())
                    .containsEntry("queuedBytes", 0L)
                    .containsKeys("connectedMillis", "idleMillis");
            assertThat((Long) first.get("connectedMillis")).isGreaterThanOrEqualTo(0L);

            assertThat(run("users --names").out()).isEqualTo("alice\nbob\n");
        }
    }

    @Test
    void kickTellsTheUserWhyClosesItAndTellsTheOthers() {
        try (TestClient bob = TestClient.login(live.port(), "bob");
             TestClient carol = TestClient.login(live.port(), "carol")) {
            CommandResult result = run("kick bob too noisy");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("kicked bob (too noisy)\n");
            assertThat(bob.readLine()).isEqualTo("INFO kicked by operator: too noisy");
            assertThat(bob.readUntilClosed()).isEmpty();
            assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
            assertThat(live.logLines()).contains("[KICK] user=bob by=console reason=\"too noisy\"");
        }
    }

    @Test
    void kickWithoutReasonSendsTheBareNotice() {
        try (TestClient bob = TestClient.login(live.port(), "bob")) {
            assertThat(run("kick bob").exitCode()).isZero();
            assertThat(bob.readLine()).isEqualTo("INFO kicked by operator");
            assertThat(bob.readUntilClosed()).isEmpty();
        }
    }

    @Test
    void kickOfAnUnknownUserFailsAndChangesNothing() {
        try (TestClient bob = TestClient.login(live.port(), "bob")) {
            CommandResult result = run("kick nobody");

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).isEqualTo("kick: no such user: nobody\n");
            assertThat(result.out()).isEmpty();
            assertThat(bob.drain()).isEmpty(); // no notice of any kind reached the others
            assertThat(run("users --names").out()).isEqualTo("bob\n");
        }
    }

    @Test
    void portMovesTheListenerWhileConnectedClientsKeepChatting() {
        int oldPort = live.port();
        try (TestClient alice = TestClient.login(oldPort, "alice")) {
            CommandResult result = run("port 0"); // any free port: no race with other processes for a chosen one

            assertThat(result.exitCode()).isZero();
            int newPort = live.server.port();
            assertThat(newPort).isNotEqualTo(oldPort);
            assertThat(result.out()).isEqualTo("port " + newPort + " (was " + oldPort + ")\n");
            try (TestClient bob = TestClient.login(newPort, "bob")) {
                alice.send("MSG still here");
                assertThat(bob.readLine()).isEqualTo("MSG alice still here");
                bob.send("MSG welcome");
                assertThat(alice.readLine()).isEqualTo("MSG bob welcome");
            }
            assertOldPortIsNotServed(oldPort, newPort);
            assertThat(run("port").out()).isEqualTo("port " + newPort + "\n");
        }
    }

    @Test
    void portThatCannotBeBoundKeepsTheOldOneAndSaysWhy() throws IOException {
        int oldPort = live.port();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CommandResult result = run("port " + taken.getLocalPort());

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.err()).startsWith("port: cannot listen on port " + taken.getLocalPort() + ": ")
                    .contains("still listening on port " + oldPort);
            try (TestClient alice = TestClient.login(oldPort, "alice")) {
                assertThat(alice.drain()).isEmpty();
            }
        }
    }

    @Test
    void timeoutAppliesToSessionsAlreadyConnected() {
        try (TestClient idle = TestClient.login(live.port(), "idle")) {
            assertThat(run("timeout").out()).isEqualTo("idle timeout 1m00s\n");

            CommandResult result = run("timeout 1s");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("idle timeout 1s (was 1m00s)\n");
            assertThat(idle.readLine()).isEqualTo("INFO disconnected due to inactivity");
            assertThat(idle.readUntilClosed()).isEmpty();
            assertThat(run("timeout").out()).isEqualTo("idle timeout 1s\n");
        }
    }

    @Test
    void timeoutRejectsANonDuration() {
        CommandResult result = run("timeout soon");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'soon' is not a positive duration");
        assertThat(live.server.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void statsCountsConnectionsUsersAndMessages() {
        try (TestClient alice = TestClient.login(live.port(), "alice");
             TestClient bob = TestClient.login(live.port(), "bob")) {
            alice.send("MSG one");
            bob.readLine();

            CommandResult result = run("stats");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).contains("connections       2 open, 2 accepted\n")
                    .contains("users             2\n")
                    .contains("messages in       3\n") // two LOGINs and one MSG
                    .contains("slow disconnects  0\n")
                    .containsPattern("uptime +\\S+\n")
                    .containsPattern("messages out +\\d+\n")
                    .containsPattern("bytes queued +\\d+\n");
        }
    }

    @Test
    void shutdownAnswersThenStopsTheServerGracefully() {
        try (TestClient alice = TestClient.login(live.port(), "alice")) {
            CommandResult result = run("shutdown");

            assertThat(result.exitCode()).isZero();
            assertThat(result.out()).isEqualTo("shutting down\n");
            assertThat(console.isShuttingDown()).isTrue();
            assertThat(alice.readLine()).isEqualTo("INFO server shutting down");
            alice.close();
            await().atMost(Duration.ofSeconds(10)).until(live.server::isShutDown);
        }
    }

    @Test
    void helpComesFromTheCommandTree() {
        CommandResult all = run("help");
        assertThat(all.exitCode()).isZero();
        assertThat(all.out()).contains("users", "kick", "port", "timeout", "stats", "shutdown, quit, exit", "help");

        CommandResult kick = run("help kick");
        assertThat(kick.out()).startsWith("Usage: kick USER [REASON...]\n");
    }

    @Test
    void unknownCommandIsAUsageErrorWithAHint() {
        CommandResult result = run("frobnicate now");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'frobnicate'").contains("'help' lists the commands.");
    }

    @Test
    void blankLineDoesNothing() {
        assertThat(run("   ")).isEqualTo(new CommandResult(0, "", ""));
    }

    /**
     * The old port refuses. On a shared machine another process may bind the freed port at
     * once (or a loopback connect may meet itself), so a connection that succeeds is only a
     * failure if this server accepted it: then the accept counter would count it before a
     * later probe through the new port.
     */
    private void assertOldPortIsNotServed(int oldPort, int newPort) {
        long acceptedBefore = live.server.stats().connectionsAccepted();
        try {
            TestClient.connect(oldPort).close();
        } catch (UncheckedIOException refused) {
            return;
        }
        try (TestClient probe = TestClient.login(newPort, "probe")) {
            probe.drain();
        }
        assertThat(live.server.stats().connectionsAccepted()).as("accepted on the old port").isEqualTo(acceptedBefore + 1);
    }

}
