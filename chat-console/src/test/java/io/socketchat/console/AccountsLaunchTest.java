package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts as the command line wires them, in real server processes: kept in the history
 * database across a restart (a DM kept for an offline account too, with its flags), and
 * refused with {@code ERR accounts-unavailable} under {@code --no-history}.
 */
class AccountsLaunchTest {

    private static final Pattern STARTED = Pattern.compile(".*\\[START] .* port=(\\d+) .*");
    private static final String SECRET = "correct-horse-battery";

    @TempDir
    Path work;

    private ServerProcess start(String... more) {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin-socket",
                "--flood-rate", "0", "--argon2-memory", "1024", "--argon2-iterations", "1"));
        args.addAll(List.of(more));
        return ModulePathLaunch.start(work, Map.of(), args.toArray(String[]::new));
    }

    private static int port(ServerProcess server) throws InterruptedException {
        Matcher started = STARTED.matcher(server.awaitOutput(line -> STARTED.matcher(line).matches()));
        assertThat(started.matches()).isTrue();
        return Integer.parseInt(started.group(1));
    }

    @Test
    void anAccountAndItsKeptDmOutliveARestartOfTheProcess() throws Exception {
        String data = work.resolve("data").toString();
        try (ServerProcess server = start("--data-dir", data, "--offline-max", "1")) {
            int port = port(server);
            try (TestClient ann = TestClient.login(port, "ann")) {
                ann.send("REGISTER " + SECRET);
                assertThat(ann.readLine()).isEqualTo("OK");
            }
            server.awaitOutput("[DISCONNECT] user=ann"); // offline now
            try (TestClient bob = TestClient.login(port, "bob")) {
                bob.send("DM ann kept for later").send("DM ann one too many");
                assertThat(bob.readUntil("ERR mailbox-full")).filteredOn(line -> !line.equals("INFO ann disconnected"))
                        .containsExactly("INFO offline ann", "ERR mailbox-full");
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
        try (ServerProcess server = start("--data-dir", data, "--plaintext-auth-from", "none")) {
            int port = port(server);
            try (TestClient ann = TestClient.connect(port)) {
                ann.send("LOGIN ann").send("AUTH ann " + SECRET);
                assertThat(ann.readLine()).isEqualTo("ERR name-registered");
                assertThat(ann.readLine()).isEqualTo("ERR tls-required"); // loopback is no longer allowed
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
        try (ServerProcess server = start("--data-dir", data)) {
            int port = port(server);
            try (TestClient ann = TestClient.connect(port)) {
                ann.send("AUTH ann " + SECRET);
                assertThat(ann.readUntil("DM bob kept for later"))
                        .containsExactly("OK", "INFO offline-messages 1", "DM bob kept for later");
            }
            assertThat(server.awaitOutput(line -> line.contains("[AUTH] user=ann"))).contains("result=ok");
        }
    }

    @Test
    void withoutHistoryThereAreNoAccounts() throws Exception {
        try (ServerProcess server = start("--no-history")) {
            int port = port(server);
            try (TestClient ann = TestClient.login(port, "ann")) {
                ann.send("REGISTER " + SECRET).send("HISTORY @bob");
                assertThat(ann.readLine()).isEqualTo("ERR accounts-unavailable");
                assertThat(ann.readLine()).isEqualTo("ERR not-authenticated");
            }
            server.awaitOutput("[DISCONNECT] user=ann"); // the name is free again
            try (TestClient other = TestClient.connect(port)) {
                other.send("AUTH ann " + SECRET).send("LOGIN ann");
                assertThat(other.readLine()).isEqualTo("ERR accounts-unavailable");
                assertThat(other.readLine()).isEqualTo("OK");
            }
        }
    }
}
