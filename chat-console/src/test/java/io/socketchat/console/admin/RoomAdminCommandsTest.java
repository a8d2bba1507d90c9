package io.socketchat.console.admin;

import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rooms}, {@code room close} and {@code history purge} against a real server with history, on real sockets. */
class RoomAdminCommandsTest {

    @TempDir
    Path data;
    private ChatServer server;
    private AdminTarget console;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .floodRate(0).shutdownGrace(Duration.ofSeconds(1)).build();
        server = ChatServer.start(config, PluginReport.builtInsOnly(ChatServer.discoverCommands()), List.of(),
                SqliteStore.open(StoreSettings.in(data)));
        console = LiveServerTarget.of(server, "console");
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    @Test
    void roomsListsNameMembersMessagesAndTopic() {
        try (TestClient ann = TestClient.login(server.port(), "ann");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            ann.send("JOIN #Java").readUntil("END HISTORY #Java");
            bob.send("JOIN #java").readUntil("END HISTORY #Java");
            ann.send("TOPIC #java coffee and code").readLine();
            ann.send("SAY #java one");
            ann.send("SAY #java two");
            bob.send("JOIN #quiet").readUntil("END HISTORY #quiet");
            ann.drain();
            CommandResult result = AdminCommands.run("rooms", console);
            assertThat(result.exitCode()).isZero();
            assertThat(result.out().lines().toList()).containsExactly(
                    "ROOM    MEMBERS  MESSAGES  TOPIC",
                    "#Java         2         2  coffee and code",
                    "#quiet        1         0",
                    "(2 rooms)");
        }
    }

    @Test
    void roomCloseTellsTheMembersTakesThemOutAndKeepsTheHistoryUnlessPurged() {
        try (TestClient ann = TestClient.login(server.port(), "ann");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            ann.send("JOIN #r").readUntil("END HISTORY #r");
            bob.send("JOIN #r").readUntil("END HISTORY #r");
            ann.send("SAY #r kept");
            bob.readLine();
            ann.drain();
            CommandResult closed = AdminCommands.run("room close #R", console);
            assertThat(closed.exitCode()).isZero();
            assertThat(closed.out()).contains("closed #R (2 members removed, history kept)");
            assertThat(ann.drain()).containsExactly("INFO #r closed by operator", "PART #r ann");
            assertThat(bob.drain()).containsExactly("INFO #r closed by operator", "PART #r bob");
            ann.send("SAY #r anyone?");
            assertThat(ann.readLine()).isEqualTo("ERR not-in-room");
            ann.send("JOIN #r");
            assertThat(ann.readUntil("END HISTORY #r")).anyMatch(line -> line.endsWith(" ann kept"));

            assertThat(AdminCommands.run("room close #r --purge", console).out()).contains("history purged");
            ann.drain();
            bob.send("JOIN #r");
            assertThat(bob.readUntil("END HISTORY #r")).noneMatch(line -> line.startsWith("HIST"));
            assertThat(AdminCommands.run("room close #nowhere", console).exitCode()).isEqualTo(CommandResult.FAILED);
        }
    }

    @Test
    void historyPurgeDeletesARoomsMessagesOnly() {
        try (TestClient ann = TestClient.login(server.port(), "ann")) {
            ann.send("JOIN #r").readUntil("END HISTORY #r");
            ann.send("SAY #r spam");
            ann.send("SAY #r more spam");
            ann.send("MSG lobby stays");
            ann.drain();
            CommandResult purged = AdminCommands.run("history purge #r", console);
            assertThat(purged.exitCode()).isZero();
            assertThat(purged.out()).contains("purged #r (2 messages)");
            ann.send("HISTORY #r");
            assertThat(ann.readLine()).isEqualTo("END HISTORY #r");
            ann.send("HISTORY *");
            assertThat(ann.readUntil("END HISTORY *")).hasSize(2);
            ann.send("SAY #r still a member");
            assertThat(ann.drain()).isEmpty();
            assertThat(AdminCommands.run("history purge #nowhere", console).exitCode()).isEqualTo(CommandResult.FAILED);
        }
    }
}
