package io.socketchat.console.admin;

import io.socketchat.server.AccountSettings;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code accounts} and {@code account delete|reset|lock|unlock} against a real server with its accounts in SQLite, checked on real sockets. */
class AccountCommandsTest {

    private static final String SECRET = "correct-horse-battery";

    @TempDir
    Path dataDirectory;
    private ChatServer server;
    private AdminTarget console;

    @BeforeEach
    void start() throws Exception {
        SqliteStore store = SqliteStore.open(StoreSettings.in(dataDirectory));
        server = ChatServer.start(ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build(),
                PluginReport.builtInsOnly(ChatServer.discoverCommands()), List.of(), store, store,
                AccountSettings.DEFAULTS.withArgon2(new AccountSettings.Argon2(1024, 1, 1)));
        console = LiveServerTarget.of(server, "console");
        try (TestClient ann = TestClient.login(server.port(), "Ann")) {
            ann.send("REGISTER " + SECRET);
            assertThat(ann.readLine()).isEqualTo("OK");
        }
        await().until(() -> server.users().isEmpty());
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    private CommandResult run(String line) {
        return AdminCommands.run(line, console);
    }

    @Test
    void accountsListsThemWithTheOnlineOnesMarked() {
        assertThat(run("accounts").out()).contains("Ann ").doesNotContain(" * ").endsWith("(1 account)\n");
        try (TestClient ann = TestClient.connect(server.port())) {
            ann.send("AUTH ann " + SECRET);
            assertThat(ann.readLine()).isEqualTo("OK");
            String listing = run("accounts").out();
            assertThat(listing.lines().filter(line -> line.startsWith("Ann")).findFirst().orElseThrow()).contains(" * ");
        }
    }

    @Test
    void lockRefusesAuthUntilUnlocked() {
        assertThat(run("account lock ann").out()).isEqualTo("locked ann\n");
        try (TestClient ann = TestClient.connect(server.port())) {
            ann.send("AUTH ann " + SECRET);
            assertThat(ann.readLine()).isEqualTo("ERR account-locked");
            assertThat(run("accounts").out()).contains("locked");
            assertThat(run("account unlock ann").out()).isEqualTo("unlocked ann\n");
            ann.send("AUTH ann " + SECRET);
            assertThat(ann.readLine()).isEqualTo("OK");
        }
    }

    @Test
    void resetPrintsAOneTimePasswordThatLetsInOnce() {
        CommandResult reset = run("account reset ANN");
        assertThat(reset.exitCode()).isZero();
        String oneTime = reset.out().strip().substring(reset.out().strip().lastIndexOf(' ') + 1);
        assertThat(oneTime).hasSize(16);
        try (TestClient ann = TestClient.connect(server.port())) {
            ann.send("AUTH ann " + oneTime);
            assertThat(ann.readLine()).isEqualTo("OK");
            assertThat(ann.readLine()).isEqualTo("INFO password-change-required");
        }
    }

    @Test
    void deleteMakesTheNameAGuestNameAndUnknownNamesFail() {
        assertThat(run("account delete ann").out()).isEqualTo("deleted ann\n");
        try (TestClient guest = TestClient.login(server.port(), "ann")) {
            guest.send("PING");
            assertThat(guest.readLine()).isEqualTo("PONG");
        }
        for (String command : List.of("delete", "reset", "lock", "unlock")) {
            CommandResult missing = run("account " + command + " nobody");
            assertThat(missing.exitCode()).as(command).isEqualTo(CommandResult.FAILED);
            assertThat(missing.err()).isEqualTo("account " + command + ": no such account: nobody\n");
        }
        assertThat(run("accounts").out()).endsWith("(0 accounts)\n");
    }
}
