package io.socketchat.console;

import io.socketchat.testkit.PostgresServer;
import io.socketchat.testkit.RedisServer;
import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Cluster nodes as server processes of their own, joined by a Redis and sharing a PostgreSQL that
 * the test runs itself: what only separate processes show (kill -9, SIGSTOP, the start-up rules).
 */
class ClusterLaunchTest {

    private static final String LEASE = "2s";
    private static final Duration LEASE_DURATION = Duration.ofSeconds(2);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static PostgresServer postgres;

    @TempDir
    Path work;

    private RedisServer redis;
    private final List<ServerProcess> nodes = new CopyOnWriteArrayList<>();
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPostgres() {
        postgres = PostgresServer.launch();
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @AfterEach
    void stopAll() {
        clients.forEach(TestClient::close);
        nodes.forEach(ServerProcess::close);
        if (redis != null) {
            redis.close();
        }
    }

    private static String newDatabase() {
        if (!postgres.running()) {
            postgres.start();
        }
        String name = "cluster_" + DATABASES.incrementAndGet();
        postgres.createDatabase(name);
        return postgres.url(name);
    }

    private ServerProcess node(String id, String store, String... more) {
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin-socket",
                "--flood-rate", "0", "--data-dir", work.resolve("data-" + id).toString(),
                "--cluster", redis.url(), "--node-id", id, "--cluster-lease", LEASE, "--store", store));
        args.addAll(List.of(more));
        ServerProcess process = ModulePathLaunch.start(work, Map.of(), args.toArray(String[]::new));
        nodes.add(process);
        return process;
    }

    /** A Redis and a database of this test's own, and a node process for each id, joined through them. */
    private List<ServerProcess> startCluster(String... ids) {
        redis = RedisServer.launch();
        String store = newDatabase();
        List<ServerProcess> started = new ArrayList<>();
        for (String id : ids) {
            started.add(node(id, store));
        }
        return started;
    }

    private TestClient login(ServerProcess node, String name) {
        TestClient client = TestClient.login(node.awaitPort(), name);
        clients.add(client);
        return client;
    }

    private static void awaitWho(TestClient client, int users) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            client.send("WHO");
            assertThat(client.drain()).hasSize(users);
        });
    }

    /** A server process with {@code args} (and loopback, a free port, no admin socket), waited for to its exit. */
    private ServerProcess startAndExit(String... args) {
        List<String> all = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", "0", "--no-admin-socket"));
        all.addAll(List.of(args));
        ServerProcess process = ModulePathLaunch.start(work, Map.of(), all.toArray(String[]::new));
        nodes.add(process);
        process.awaitExit();
        return process;
    }

    @Test
    void aClusterWithSqliteHistoryIsRefusedAtStart() {
        ServerProcess refused = startAndExit("--data-dir", work.resolve("data").toString(), "--cluster", "redis://127.0.0.1:1");
        assertThat(refused.awaitExit()).isEqualTo(2);
        assertThat(refused.errors()).contains("a cluster needs --store postgresql://");
    }

    @Test
    void aClusterWithoutItsRedisSaysSoAndExits() {
        ServerProcess refused = startAndExit("--no-history", "--cluster", "redis://127.0.0.1:1");
        assertThat(refused.awaitExit()).isEqualTo(1);
        assertThat(refused.errors()).contains("cannot reach the cluster's Redis at redis://127.0.0.1:1");
    }

    @Test
    void threeNodesAreOneChatWithSharedHistoryAndAKilledNodesNamesAreFreedWithinTheLease() {
        List<ServerProcess> started = startCluster("n1", "n2", "n3");
        ServerProcess one = started.get(0);
        ServerProcess two = started.get(1);
        ServerProcess three = started.get(2);
        TestClient alice = login(one, "alice");
        TestClient bob = login(two, "bob");
        TestClient carol = login(three, "carol");
        awaitWho(alice, 3);
        awaitWho(bob, 3);
        awaitWho(carol, 3);

        alice.send("MSG hi all");
        assertThat(bob.readLine()).isEqualTo("MSG alice hi all");
        assertThat(carol.readLine()).isEqualTo("MSG alice hi all");
        carol.send("DM bob from three");
        assertThat(bob.readLine()).isEqualTo("DM carol from three");

        alice.send("JOIN #ops").readUntil("END HISTORY #ops");
        alice.send("SAY #ops kept in postgres");
        carol.send("JOIN #ops").readUntil("END HISTORY #ops");
        assertThat(alice.readLine()).isEqualTo("JOIN #ops carol");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            carol.send("HISTORY #ops");
            assertThat(carol.readUntil("END HISTORY #ops")).anyMatch(line ->
                    line.startsWith("HIST #ops ") && line.endsWith(" alice kept in postgres"));
        });

        two.signal("KILL");
        assertThat(alice.readLine()).isEqualTo("INFO bob disconnected");
        assertThat(carol.readLine()).isEqualTo("INFO bob disconnected");
        // Free once the dead node's lease has run out: a new bob logs in on another node.
        await().atMost(LEASE_DURATION.plusSeconds(5)).untilAsserted(() -> {
            TestClient again = TestClient.connect(three.awaitPort());
            clients.add(again);
            again.send("LOGIN bob");
            assertThat(again.readLine()).isEqualTo("OK");
        });
        awaitWho(alice, 3);
    }

    @Test
    void aNodePausedPastItsLeaseDisconnectsItsUsersAndDeliversNothingStale() {
        List<ServerProcess> started = startCluster("n1", "n2");
        ServerProcess one = started.get(0);
        ServerProcess two = started.get(1);
        TestClient alice = login(one, "alice");
        TestClient bob = login(two, "bob");
        awaitWho(alice, 2);
        awaitWho(bob, 2);

        two.signal("STOP");
        try {
            assertThat(alice.readLine()).isEqualTo("INFO bob disconnected"); // n1 saw n2's lease end
            alice.send("MSG while you were away");
            TestClient newBob = login(one, "bob"); // the name is free again
            assertThat(newBob.drain()).isEmpty();
        } finally {
            two.signal("CONT");
        }
        bob.setReadTimeout(Duration.ofSeconds(20));
        assertThat(bob.readUntilClosed()).containsExactly("INFO cluster-lease-expired");
        // n2 took a new lease: it serves logins again, and the names are still one per cluster.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            TestClient retry = TestClient.connect(two.awaitPort());
            clients.add(retry);
            retry.send("LOGIN bob");
            assertThat(retry.readLine()).isEqualTo("ERR username-taken");
            retry.send("LOGIN bobby");
            assertThat(retry.readLine()).isEqualTo("OK");
        });
    }

    @Test
    void readyzSaysWhenTheNodeCannotReachRedis() throws Exception {
        redis = RedisServer.launch();
        List<String> args = List.of("--bind", "127.0.0.1", "--port", "0", "--http-port", "0", "--no-admin-socket",
                "--no-history", "--cluster", redis.url(), "--node-id", "web1", "--cluster-lease", LEASE);
        ServerProcess node = ModulePathLaunch.start(work, Map.of("CHAT_NO_HTTP", "false"), args.toArray(String[]::new));
        nodes.add(node);
        int httpPort = HttpPort.of(node);
        java.util.function.Supplier<String> ask = () -> HttpPort.readyz(httpPort);
        assertThat(ask.get()).isEqualTo("200 ready");
        redis.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> ask.get().equals("503 cluster unavailable"));
        node.awaitOutput(line -> line.contains("[CLUSTER] event=unavailable"));
        redis.start();
        await().atMost(Duration.ofSeconds(15)).until(() -> ask.get().equals("200 ready"));
        node.awaitOutput(line -> line.contains("[CLUSTER] event=available"));
        assertThat(node.output().stream().filter(line -> line.contains("[CLUSTER] event=unavailable"))).hasSize(1);
    }

    @Test
    void accountsAreTheClustersAndKeptMessagesReachTheirOwnerOnAnyNode() {
        List<ServerProcess> started = startCluster("n1", "n2");
        ServerProcess one = started.get(0);
        ServerProcess two = started.get(1);
        TestClient alice = login(one, "alice");
        alice.send("REGISTER correct-horse-battery");
        assertThat(alice.readLine()).isEqualTo("OK");
        alice.close();
        // n2 read the new account: the name is no guest's there either.
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            try (TestClient guest = TestClient.connect(two.awaitPort())) {
                guest.send("LOGIN alice");
                assertThat(guest.readLine()).isEqualTo("ERR name-registered");
            }
        });
        TestClient bob = login(one, "bob");
        bob.send("DM alice kept for you");
        assertThat(bob.readLine()).isEqualTo("INFO offline alice");

        // n1 commits the kept DM within its flush interval; an AUTH on n2 before that finds an
        // empty mailbox, and the DM waits for the next one.
        TestClient[] back = new TestClient[1];
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            if (back[0] != null) {
                back[0].close();
            }
            back[0] = TestClient.connect(two.awaitPort());
            clients.add(back[0]);
            back[0].send("AUTH alice correct-horse-battery");
            assertThat(back[0].readLine()).isEqualTo("OK");
            assertThat(back[0].drain()).containsExactly("INFO offline-messages 1", "DM bob kept for you");
        });
        bob.send("DM alice now live");
        assertThat(back[0].readLine()).isEqualTo("DM bob now live");

        // An account registered while Redis is away: the other node cannot hear of it then, and
        // reads the accounts again once it listens again.
        TestClient carl = login(one, "carl");
        redis.stop();
        carl.send("REGISTER carls-good-password");
        assertThat(carl.readLine()).isEqualTo("OK");
        carl.close();
        redis.start();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            try (TestClient guest = TestClient.connect(two.awaitPort())) {
                guest.send("LOGIN carl");
                assertThat(guest.readLine()).isEqualTo("ERR name-registered");
            }
        });
    }

    @Test
    void withPostgresStoppedLiveChatGoesOnAcrossNodes() {
        List<ServerProcess> started = startCluster("n1", "n2");
        ServerProcess one = started.get(0);
        ServerProcess two = started.get(1);
        TestClient alice = login(one, "alice");
        TestClient bob = login(two, "bob");
        awaitWho(alice, 2);
        postgres.stop();
        try {
            alice.send("MSG the database is down");
            assertThat(bob.readLine()).isEqualTo("MSG alice the database is down");
            bob.send("DM alice still talking");
            assertThat(alice.readLine()).isEqualTo("DM bob still talking");
        } finally {
            postgres.start();
        }
    }

    /**
     * Every node's users send numbered lines for 30 s; every user of every node must read every
     * other user's lines, each sender's in order, none lost.
     */
    @Test
    void thirtySecondsOfTrafficAcrossThreeNodesLoseNothingAndKeepEachSendersOrder() throws Exception {
        List<ServerProcess> three = startCluster("n1", "n2", "n3");
        List<TestClient> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(login(three.get(i % 3), "u" + i));
        }
        awaitWho(users.getFirst(), 6);
        users.forEach(user -> awaitWho(user, 6));
        users.forEach(user -> user.setReadTimeout(Duration.ofSeconds(20)));

        Map<String, Map<String, Integer>> lastSeen = new ConcurrentHashMap<>(); // reader -> sender -> last n
        List<String> faults = new CopyOnWriteArrayList<>();
        AtomicInteger sent = new AtomicInteger();
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Thread> readers = new ArrayList<>();
        int[] counts = new int[users.size()];
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            int me = i;
            senders.add(Thread.ofPlatform().start(() -> {
                int n = 0;
                while (System.nanoTime() < end && n < 20_000) {
                    users.get(me).send("MSG seq " + (++n));
                    sent.incrementAndGet();
                    java.util.concurrent.locks.LockSupport.parkNanos(5_000_000); // about 200 lines a second each
                }
                counts[me] = n;
                users.get(me).send("MSG done " + n);
            }));
        }
        for (int i = 0; i < users.size(); i++) {
            int me = i;
            readers.add(Thread.ofPlatform().start(() -> {
                Map<String, Integer> seen = new ConcurrentHashMap<>();
                lastSeen.put("u" + me, seen);
                int done = 0;
                while (done < users.size() - 1) {
                    String line = users.get(me).readLine();
                    if (!line.startsWith("MSG ")) {
                        faults.add("u" + me + " read " + line);
                        continue;
                    }
                    String[] parts = line.split(" ");
                    String from = parts[1];
                    int n = Integer.parseInt(parts[3]);
                    if (parts[2].equals("done")) {
                        if (seen.getOrDefault(from, 0) != n) {
                            faults.add("u" + me + " read " + seen.getOrDefault(from, 0) + " of " + n + " from " + from);
                        }
                        done++;
                        continue;
                    }
                    int previous = seen.getOrDefault(from, 0);
                    if (n != previous + 1) {
                        faults.add("u" + me + " read " + n + " after " + previous + " from " + from);
                    }
                    seen.put(from, n);
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(60));
            assertThat(reader.isAlive()).as("a reader still waiting for lines").isFalse();
        }
        assertThat(faults).isEmpty();
        assertThat(sent.get()).isGreaterThan(6 * 1_000);
        for (int reader = 0; reader < users.size(); reader++) {
            for (int sender = 0; sender < users.size(); sender++) {
                if (sender != reader) {
                    assertThat(lastSeen.get("u" + reader).get("u" + sender)).isEqualTo(counts[sender]);
                }
            }
        }
    }
}
