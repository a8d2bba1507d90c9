package io.socketchat.commands;

import io.socketchat.server.UserInfo;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** How sessions end (idle, quit, kick, shutdown) and live changes (idle timeout, port), over real sockets. */
class LifecycleEndToEndTest {

    private static final Duration SHORT_IDLE = Duration.ofSeconds(1);

    @Test
    void aSilentClientIsDisconnectedAfterTheIdleTimeoutAndOthersAreTold() {
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().idleTimeout(SHORT_IDLE))) {
            TestClient bob = chat.login("bob");
            TestClient ann = chat.login("ann");
            List<String> annSaw = new ArrayList<>();
            // ann pings (activity) while bob stays silent until the server drops him.
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                annSaw.addAll(ann.drain());
                return annSaw.contains("INFO bob disconnected");
            });
            assertThat(annSaw).containsExactly("INFO bob disconnected");
            assertThat(bob.readUntilClosed()).containsExactly("INFO disconnected due to inactivity");
            assertThat(chat.server().users()).extracting(UserInfo::name).containsExactly("ann");
        }
    }

    @Test
    void blankLinesDoNotKeepASessionAlive() {
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().idleTimeout(SHORT_IDLE))) {
            TestClient bob = chat.login("bob");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                if (chat.server().users().isEmpty()) {
                    return true;
                }
                bob.send("   ");
                return false;
            });
            assertThat(bob.readUntilClosed()).containsExactly("INFO disconnected due to inactivity");
        }
    }

    @Test
    void anIdleClientThatNeverLoggedInIsDisconnectedToo() {
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().idleTimeout(SHORT_IDLE))) {
            TestClient anonymous = chat.connect();
            assertThat(anonymous.readUntilClosed()).containsExactly("INFO disconnected due to inactivity");
        }
    }

    @Test
    void changingTheIdleTimeoutAppliesToConnectedSessions() {
        try (ChatFixture chat = ChatFixture.start()) {
            TestClient bob = chat.login("bob");
            assertThat(chat.server().idleTimeout()).isEqualTo(Duration.ofSeconds(60));
            chat.server().setIdleTimeout(Duration.ofMillis(300));
            assertThat(chat.server().idleTimeout()).isEqualTo(Duration.ofMillis(300));
            assertThat(bob.readUntilClosed()).containsExactly("INFO disconnected due to inactivity");
            assertThatThrownBy(() -> chat.server().setIdleTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void closingAConnectionTellsTheOthers() {
        try (ChatFixture chat = ChatFixture.start()) {
            TestClient ann = chat.login("ann");
            TestClient carol = chat.login("carol");
            TestClient bob = chat.login("Bob");
            bob.close();
            assertThat(ann.readLine()).isEqualTo("INFO Bob disconnected");
            assertThat(carol.readLine()).isEqualTo("INFO Bob disconnected");
        }
    }

    @Test
    void aConnectionThatNeverLoggedInLeavesSilently() {
        try (ChatFixture chat = ChatFixture.start()) {
            TestClient ann = chat.login("ann");
            TestClient anonymous = chat.connect();
            await().until(() -> chat.server().stats().openConnections() == 2);
            anonymous.close();
            await().until(() -> chat.server().stats().openConnections() == 1);
            assertThat(ann.drain()).isEmpty();
        }
    }

    @Test
    void shutdownTellsEveryClientThenClosesAndRefusesNewConnections() throws Exception {
        ChatFixture chat = ChatFixture.start();
        try (chat) {
            int port = chat.port();
            TestClient ann = chat.login("ann");
            TestClient bob = chat.login("bob");
            TestClient anonymous = chat.connect();
            ann.send("MSG last words");
            assertThat(bob.readLine()).isEqualTo("MSG ann last words");
            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(chat.server()::shutdown);
            for (TestClient client : List.of(ann, bob, anonymous)) {
                assertThat(client.readUntilClosed()).containsExactly("INFO server shutting down");
                client.close();
            }
            shutdown.get(10, TimeUnit.SECONDS);
            assertThat(chat.server().isShutDown()).isTrue();
            assertThatThrownBy(() -> TestClient.connect(port)).isInstanceOf(UncheckedIOException.class);
        }
    }

    @Test
    void kickDisconnectsTheUserWithTheReasonAndTellsTheOthers() {
        try (ChatFixture chat = ChatFixture.start()) {
            TestClient ann = chat.login("ann");
            TestClient bob = chat.login("Bob");
            TestClient carol = chat.login("carol");
            assertThat(chat.server().kick("bob", "spam", "test")).isTrue();
            assertThat(bob.readUntilClosed()).containsExactly("INFO kicked by operator: spam");
            assertThat(ann.readLine()).isEqualTo("INFO Bob disconnected");
            assertThat(carol.readLine()).isEqualTo("INFO Bob disconnected");
            assertThat(chat.server().kick("carol", null, "test")).isTrue();
            assertThat(carol.readUntilClosed()).containsExactly("INFO kicked by operator");
            assertThat(ann.readLine()).isEqualTo("INFO carol disconnected");
            assertThat(chat.server().kick("nobody", "x", "test")).isFalse();
            assertThat(chat.server().users()).extracting(UserInfo::name).containsExactly("ann");
        }
    }

    @Test
    void changePortMovesTheListenerAndKeepsConnectedClients() throws Exception {
        try (ChatFixture chat = ChatFixture.start()) {
            int oldPort = chat.port();
            TestClient ann = chat.login("ann");
            chat.server().changePort(0);
            int newPort = chat.port();
            assertThat(newPort).isNotEqualTo(oldPort);
            // Nobody listens on the old port any more: it can be bound again. (Connecting to it
            // is no proof: on loopback a connect to a free port can, rarely, meet itself.)
            assertThat(canListenOn(oldPort)).isTrue();
            TestClient bob = chat.track(TestClient.login(newPort, "bob"));
            bob.send("MSG via the new port");
            assertThat(ann.readLine()).isEqualTo("MSG bob via the new port");
            ann.send("DM bob still here");
            assertThat(bob.readLine()).isEqualTo("DM ann still here");
        }
    }

    private static boolean canListenOn(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void usersAndStatsDescribeTheLiveServer() {
        try (ChatFixture chat = ChatFixture.start()) {
            TestClient bob = chat.login("bob");
            chat.login("Ann");
            chat.connect();
            await().until(() -> chat.server().stats().openConnections() == 3);
            assertThat(chat.server().users()).extracting(UserInfo::name).containsExactly("Ann", "bob");
            assertThat(chat.server().users().get(1).remoteAddress())
                    .isEqualTo("127.0.0.1:" + bob.socket().getLocalPort());
            assertThat(chat.server().stats().loggedInUsers()).isEqualTo(2);
            assertThat(chat.server().stats().connectionsAccepted()).isEqualTo(3);
        }
    }
}
