package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** History across restarts, a kill -9, and a data directory that cannot be used: real server processes. */
class HistoryLaunchTest {

    private static final Pattern STARTED = Pattern.compile(".*\\[START] .* port=(\\d+) .*");
    private static final Pattern HIST = Pattern.compile("HIST (\\S+) (\\d+) \\S+ (\\S+) (.*)");

    @TempDir
    Path work;

    private ServerProcess start(Path dataDirectory, String... more) {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin-socket",
                "--flood-rate", "0", "--data-dir", dataDirectory.toString()));
        args.addAll(List.of(more));
        return ModulePathLaunch.start(work, Map.of(), args.toArray(String[]::new));
    }

    private static int port(ServerProcess server) throws InterruptedException {
        Matcher started = STARTED.matcher(server.awaitOutput(line -> STARTED.matcher(line).matches()));
        assertThat(started.matches()).isTrue();
        return Integer.parseInt(started.group(1));
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsRoomsTopicsAndHistoryAndIdsGoOnIncreasing() throws Exception {
        Path data = work.resolve("data");
        long lastId;
        try (ServerProcess server = start(data)) {
            int port = port(server);
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
        }
        try (ServerProcess server = start(data)) {
            int port = port(server);
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
        }
    }

    @Test
    void afterKillNineTheDatabaseIsIntactAndHoldsEveryMessageCommittedBeforeIt() throws Exception {
        Path data = work.resolve("data");
        List<Long> committed;
        AtomicBoolean sending = new AtomicBoolean(true);
        try (ServerProcess server = start(data, "--history-flush", "50ms")) {
            int port = port(server);
            TestClient ann = TestClient.login(port, "ann");
            TestClient bob = TestClient.login(port, "bob");
            ann.send("JOIN #r").readUntil("END HISTORY #r");
            bob.send("JOIN #r").readUntil("END HISTORY #r");
            for (int i = 0; i < 2_000; i++) {
                ann.send("SAY #r before " + i);
            }
            bob.readUntil("SAY #r ann before 1999");
            // HISTORY waits for the writer: what it shows is on disk.
            bob.send("HISTORY #r 500");
            committed = ids(bob.readUntil("END HISTORY #r"));
            assertThat(committed).hasSize(500);
            Thread traffic = Thread.ofVirtual().start(() -> {
                for (int i = 0; sending.get(); i++) {
                    try {
                        ann.send("SAY #r during " + i);
                    } catch (RuntimeException e) {
                        return; // the server is gone
                    }
                }
            });
            bob.readUntil("SAY #r ann during 1000");
            server.close(); // SIGKILL while the traffic goes on
            server.awaitExit();
            sending.set(false);
            traffic.join();
            ann.close();
            bob.close();
        }
        assertThat(SqliteStore.integrityCheck(data)).isEqualTo("ok");
        try (ServerProcess server = start(data)) {
            int port = port(server);
            try (TestClient carol = TestClient.login(port, "carol")) {
                carol.send("JOIN #r").readUntil("END HISTORY #r");
                List<String> before = new ArrayList<>();
                long beforeId = committed.getLast() + 1;
                while (true) {
                    carol.send("HISTORY #r 500 BEFORE " + beforeId);
                    List<String> page = carol.readUntil("END HISTORY #r");
                    if (page.size() == 1) {
                        break;
                    }
                    before.addAll(0, texts(page));
                    beforeId = ids(page).getFirst();
                }
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < 2_000; i++) {
                    expected.add("before " + i);
                }
                assertThat(before).isEqualTo(expected);
            }
        }
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedStopsTheStartWithOneLineNamingIt() throws Exception {
        Path file = Files.writeString(work.resolve("a-file"), "");
        Path data = file.resolve("data");
        try (ServerProcess server = start(data)) {
            assertThat(server.awaitExit()).isEqualTo(1);
            String errors = server.errors();
            assertThat(errors.lines().toList()).singleElement().asString()
                    .startsWith("chat-server: cannot open the history at " + data);
        }
    }

    @Test
    void aDataDirectoryWithoutWritePermissionStopsTheStart() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root writes whatever the permissions say");
        Path data = Files.createDirectory(work.resolve("read-only"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try (ServerProcess server = start(data)) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors()).contains(data.toString());
        }
    }

    @Test
    void withoutHistoryNothingIsKeptAndTheDataDirectoryIsNotTouched() throws Exception {
        Path data = work.resolve("never");
        try (ServerProcess server = start(data, "--no-history")) {
            int port = port(server);
            try (TestClient ann = TestClient.login(port, "ann")) {
                ann.send("MSG hello");
                ann.send("HISTORY *");
                assertThat(ann.readLine()).isEqualTo("END HISTORY *");
            }
        }
        assertThat(data).doesNotExist();
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
