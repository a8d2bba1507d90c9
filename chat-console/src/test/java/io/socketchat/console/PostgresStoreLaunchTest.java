package io.socketchat.console;

import io.socketchat.testkit.PostgresServer;
import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server processes keeping history in a real PostgreSQL that the test runs itself: across a
 * restart, with the database unreachable at start, and with it stopped while users chat; and
 * accounts, with their kept DMs and DM history, in the same database.
 */
class PostgresStoreLaunchTest {

    private static final Pattern HIST = Pattern.compile("HIST (\\S+) (\\d+) \\S+ (\\S+) (.*)");
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.launch();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    private static String newDatabase() {
        if (!postgres.running()) {
            postgres.start();
        }
        String name = "launch_" + DATABASES.incrementAndGet();
        postgres.createDatabase(name);
        return postgres.url(name);
    }

    private ServerProcess start(Map<String, String> environment, String... more) {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin-socket",
                "--flood-rate", "0", "--data-dir", work.resolve("sqlite-unused").toString()));
        args.addAll(List.of(more));
        return ModulePathLaunch.start(work, environment, args.toArray(String[]::new));
    }

    @Test
    void aRestartWithTheSameStoreKeepsRoomsTopicsAndHistoryAndThePasswordIsNeverPrinted() throws Exception {
        String url = newDatabase();
        long lastId;
        try (ServerProcess server = start(Map.of(), "--store", url)) {
            int port = server.awaitPort();
            try (TestClient ann = TestClient.login(port, "ann")) {
                ann.send("JOIN #Java").readUntil("END HISTORY #Java");
                ann.send("TOPIC #java coffee").readLine();
                for (int i = 1; i <= 3; i++) {
                    ann.send("SAY #java m" + i);
                }
                ann.send("MSG in the lobby");
                ann.send("HISTORY #java 1");
                lastId = ids(ann.readUntil("END HISTORY #Java")).getFirst();
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(String.join("\n", server.output())).contains("[STORE] opened=postgresql://socketchat@127.0.0.1:")
                    .doesNotContain(postgres.password());
            assertThat(server.errors()).doesNotContain(postgres.password());
        }
        assertThat(work.resolve("sqlite-unused")).as("no SQLite file beside PostgreSQL").doesNotExist();
        // The variable this time: as a service's environment file would set it.
        try (ServerProcess server = start(Map.of("CHAT_STORE", url))) {
            int port = server.awaitPort();
            try (TestClient bob = TestClient.login(port, "bob")) {
                bob.send("JOIN #JAVA");
                List<String> joined = bob.readUntil("END HISTORY #Java");
                assertThat(joined.subList(0, 4)).containsExactly("OK", "MEMBERS #Java bob", "END MEMBERS #Java",
                        "TOPIC #Java ann coffee");
                assertThat(texts(joined)).containsExactly("m1", "m2", "m3");
                bob.send("HISTORY *");
                assertThat(texts(bob.readUntil("END HISTORY *"))).containsExactly("in the lobby");
                bob.send("SAY #java after the restart");
                bob.send("HISTORY #java 1");
                List<String> newest = bob.readUntil("END HISTORY #Java");
                assertThat(texts(newest)).containsExactly("after the restart");
                assertThat(ids(newest).getFirst()).isGreaterThan(lastId);
            }
            assertThat(String.join("\n", server.output())).doesNotContain(postgres.password());
        }
    }

    @Test
    void accountsTheirKeptDmsAndDmHistoryLiveInPostgresqlAndOutliveTheProcess() throws Exception {
        String url = newDatabase();
        String secret = "correct-horse-battery";
        String[] fastHashes = {"--argon2-memory", "1024", "--argon2-iterations", "1"};
        try (ServerProcess server = start(Map.of("CHAT_STORE", url), fastHashes)) {
            int port = server.awaitPort();
            try (TestClient ann = TestClient.login(port, "Ann")) {
                ann.send("REGISTER " + secret);
                assertThat(ann.readLine()).isEqualTo("OK");
            }
            server.awaitOutput("[DISCONNECT] user=Ann"); // offline now
            try (TestClient bob = TestClient.login(port, "bob")) {
                bob.send("REGISTER " + secret);
                assertThat(bob.readLine()).isEqualTo("OK");
                bob.send("DM ann kept in postgresql");
                assertThat(bob.readUntil("INFO offline Ann")).last().isEqualTo("INFO offline Ann");
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
        assertThat(work.resolve("sqlite-unused")).as("accounts are not in SQLite either").doesNotExist();
        try (ServerProcess server = start(Map.of(), concat(fastHashes, "--store", url))) {
            int port = server.awaitPort();
            try (TestClient guest = TestClient.connect(port)) {
                guest.send("LOGIN ann");
                assertThat(guest.readLine()).isEqualTo("ERR name-registered");
                guest.send("AUTH ann not-the-password");
                assertThat(guest.readLine()).isEqualTo("ERR bad-credentials");
            }
            try (TestClient ann = TestClient.connect(port)) {
                ann.send("AUTH ann " + secret);
                assertThat(ann.readUntil("DM bob kept in postgresql"))
                        .containsExactly("OK", "INFO offline-messages 1", "DM bob kept in postgresql");
                ann.send("HISTORY @bob");
                List<String> history = ann.readUntil("END HISTORY @bob");
                assertThat(texts(history)).containsExactly("kept in postgresql");
                assertThat(history.getFirst()).startsWith("HIST @bob ").contains(" bob kept in postgresql");
            }
            assertThat(server.awaitOutput(line -> line.contains("[AUTH] user=Ann"))).contains("result=ok");
            server.awaitOutput(line -> line.contains("[DISCONNECT] user=Ann")); // the name is free for the next AUTH
            try (TestClient again = TestClient.connect(port)) {
                again.send("AUTH ann " + secret);
                assertThat(again.readLine()).as("the kept DM was taken once").isEqualTo("OK");
                again.send("PING");
                assertThat(again.readLine()).isEqualTo("PONG");
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(String.join("\n", server.output())).doesNotContain(postgres.password()).doesNotContain(secret);
        }
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void anUnreachableDatabaseStopsTheStartWithOneLineThatHidesThePassword() throws Exception {
        int nobody;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = socket.getLocalPort();
        }
        String url = "postgresql://socketchat:" + postgres.password() + "@127.0.0.1:" + nobody + "/chat";
        try (ServerProcess server = start(Map.of(), "--store", url)) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement().asString()
                    .isEqualTo("chat-server: cannot open the history at postgresql://socketchat@127.0.0.1:" + nobody
                            + "/chat: Connection refused");
            assertThat(String.join("\n", server.output())).contains("[ERROR] cannot open history url=")
                    .doesNotContain(postgres.password());
        }
    }

    @Test
    void aWrongPasswordStopsTheStartWithoutRepeatingIt() throws Exception {
        String url = newDatabase().replace(postgres.password(), "wrong-password-42");
        try (ServerProcess server = start(Map.of(), "--store", url)) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors().lines().toList()).singleElement().asString()
                    .contains("password authentication failed").doesNotContain("wrong-password-42");
            assertThat(String.join("\n", server.output())).doesNotContain("wrong-password-42");
        }
    }

    @Test
    void readyzSaysWhenHistoryCannotBeWrittenAndRecovers() {
        String url = newDatabase();
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of("CHAT_NO_HTTP", "false"), "--bind", "127.0.0.1",
                "--port", "0", "--http-port", "0", "--no-admin-socket", "--flood-rate", "0", "--store", url,
                "--history-flush", "20ms")) {
            int port = server.awaitPort();
            int httpPort = HttpPort.of(server);
            assertThat(HttpPort.readyz(httpPort)).isEqualTo("200 ready");
            try (TestClient ann = TestClient.login(port, "ann")) {
                postgres.stop();
                try {
                    ann.send("MSG written while the database is down");
                    server.awaitOutput("[STORE] error=");
                    await().atMost(Duration.ofSeconds(10)).until(() -> HttpPort.readyz(httpPort).equals("503 store unavailable"));
                } finally {
                    postgres.start();
                }
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                    ann.send("MSG and after");
                    assertThat(HttpPort.readyz(httpPort)).isEqualTo("200 ready");
                });
            }
        }
    }

    @Test
    void postgresqlStoppedWhileUsersChatLiveChatGoesOnAndHistoryRecovers() throws Exception {
        String url = newDatabase();
        try (ServerProcess server = start(Map.of(), "--store", url, "--history-flush", "20ms")) {
            int port = server.awaitPort();
            try (TestClient ann = TestClient.login(port, "ann"); TestClient bob = TestClient.login(port, "bob")) {
                ann.send("JOIN #r").readUntil("END HISTORY #r");
                bob.send("JOIN #r").readUntil("END HISTORY #r");
                ann.send("SAY #r before");
                assertThat(bob.readLine()).isEqualTo("SAY #r ann before");
                bob.send("HISTORY #r"); // waits for the writer: stored before the database goes
                assertThat(texts(bob.readUntil("END HISTORY #r"))).containsExactly("before");

                postgres.stop();
                try {
                    for (int i = 0; i < 200; i++) {
                        ann.send("SAY #r during " + i);
                        ann.send("MSG lobby " + i);
                    }
                    for (int i = 0; i < 200; i++) {
                        assertThat(bob.readLine()).isEqualTo("SAY #r ann during " + i);
                        assertThat(bob.readLine()).isEqualTo("MSG ann lobby " + i);
                    }
                    bob.send("DM ann still here");
                    assertThat(ann.readUntil("DM bob still here")).last().isEqualTo("DM bob still here");
                    bob.send("HISTORY #r");
                    assertThat(bob.readLine()).isEqualTo("ERR history-unavailable");
                    server.awaitOutput("[STORE] error=");
                } finally {
                    postgres.start();
                }

                // Each poll says one more line: the first after the restart may still be lost.
                AtomicInteger after = new AtomicInteger();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    int n = after.incrementAndGet();
                    ann.send("SAY #r after " + n);
                    assertThat(bob.readLine()).isEqualTo("SAY #r ann after " + n);
                    bob.send("HISTORY #r 500");
                    return texts(historyOrError(bob, "#r")).contains("after " + n);
                });
                server.awaitOutput("[STORE] recovered lost=");
                bob.send("HISTORY #r 500");
                List<String> texts = texts(bob.readUntil("END HISTORY #r"));
                assertThat(texts.getFirst()).isEqualTo("before");
                assertThat(texts).noneMatch(text -> text.startsWith("during"));
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
            assertThat(server.output().stream().filter(line -> line.contains("[STORE] error="))).hasSize(1);
            assertThat(server.errors()).as("nothing on stderr: the driver and the pool log through the server's log").isEmpty();
            assertThat(String.join("\n", server.output())).doesNotContain(postgres.password())
                    .as("no message text in the log, not even in a failed statement").doesNotContainPattern("(during|lobby) [0-9]+");
        }
    }

    /** A HISTORY answer: its lines through END HISTORY, or the one ERR line of a store that cannot be read. */
    private static List<String> historyOrError(TestClient client, String scope) {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = client.readLine();
            lines.add(line);
            if (line.equals("END HISTORY " + scope) || line.startsWith("ERR ")) {
                return lines;
            }
        }
    }

    private static List<String> texts(List<String> lines) {
        List<String> texts = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = HIST.matcher(line);
            if (matcher.matches()) {
                texts.add(matcher.group(4));
            }
        }
        return texts;
    }

    private static List<Long> ids(List<String> lines) {
        List<Long> ids = new ArrayList<>();
        for (String line : lines) {
            Matcher matcher = HIST.matcher(line);
            if (matcher.matches()) {
                ids.add(Long.parseLong(matcher.group(2)));
            }
        }
        return ids;
    }

}
