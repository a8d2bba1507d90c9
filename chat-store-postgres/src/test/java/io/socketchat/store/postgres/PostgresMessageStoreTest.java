package io.socketchat.store.postgres;

import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.StoreException;
import io.socketchat.server.store.StoredRoom;
import io.socketchat.testkit.PostgresServer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL store against a real PostgreSQL server that the test runs itself; the same
 * contract as the SQLite store's tests, plus what sharing one database between nodes adds.
 * Each test has a database of its own on the class's server.
 */
class PostgresMessageStoreTest extends OwnDatabase {


    @Test
    void idsIncreaseInAcceptedOrderAndAcrossRestartsEvenAfterTheNewestAreDeleted() throws Exception {
        long last;
        try (PostgresMessageStore store = open()) {
            long first = store.append("#java", "ann", "one", Instant.now());
            long second = store.append(MessageStore.LOBBY, "bob", "two", Instant.now());
            last = store.append("#java", "ann", "three", Instant.now());
            assertThat(first).isPositive();
            assertThat(second).isGreaterThan(first);
            assertThat(last).isGreaterThan(second);
            store.roomCreated("#java", "#Java");
            assertThat(store.purge("#java")).isEqualTo(2); // the newest id is gone from the table
        }
        try (PostgresMessageStore store = open()) {
            assertThat(store.append("#java", "ann", "four", Instant.now())).isGreaterThan(last);
            assertThat(store.page(MessageStore.LOBBY, 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("two");
        }
    }

    @Test
    void aClockThatWentBackStillGivesIdsAboveEveryIdAlreadyStored() throws Exception {
        try (PostgresMessageStore store = open()) {
            store.append("#r", "ann", "first", Instant.now());
        }
        long future = (Instant.now().plus(Duration.ofDays(365)).toEpochMilli() - MessageIds.EPOCH_MILLIS) << 22;
        sql("UPDATE counters SET value = " + future + " WHERE name = 'next_message_id'");
        try (PostgresMessageStore store = open()) {
            assertThat(store.append("#r", "ann", "second", Instant.now())).isGreaterThan(future);
        }
    }

    @Test
    void aPageIsTheNewestBeforeTheIdOldestFirstAndPagingBackSeesEveryMessageExactlyOnce() throws Exception {
        try (PostgresMessageStore store = open()) {
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 1_234; i++) {
                ids.add(store.append("#r", "ann", "m" + i, Instant.now()));
                store.append("#other", "bob", "noise" + i, Instant.now());
            }
            List<HistoryEntry> newest = store.page("#r", 5, Long.MAX_VALUE);
            assertThat(newest).extracting(HistoryEntry::text).containsExactly("m1229", "m1230", "m1231", "m1232", "m1233");

            List<Long> seen = new ArrayList<>();
            long before = Long.MAX_VALUE;
            while (true) {
                List<HistoryEntry> page = store.page("#r", 100, before);
                if (page.isEmpty()) {
                    break;
                }
                List<Long> pageIds = page.stream().map(HistoryEntry::id).toList();
                assertThat(pageIds).isSorted();
                seen.addAll(0, pageIds);
                before = page.getFirst().id();
            }
            assertThat(seen).isEqualTo(ids);
            assertThat(store.count("#r")).isEqualTo(1_234);
        }
    }

    @Test
    void roomsWithATopicOrMessagesAreRememberedWithTheirFirstName() throws Exception {
        try (PostgresMessageStore store = open()) {
            store.roomCreated("#java", "#Java");
            store.roomCreated("#java", "#JAVA"); // created again later: the first name stays
            store.topicSet("#java", "#Java", "ann", "coffee and code", Instant.now());
            store.roomCreated("#empty", "#empty");
            store.roomCreated("#talk", "#Talk");
            store.append("#talk", "bob", "hi", Instant.now());
        }
        try (PostgresMessageStore store = open()) {
            assertThat(store.rooms()).containsExactlyInAnyOrder(
                    new StoredRoom("#java", "#Java", "ann", "coffee and code", 0),
                    new StoredRoom("#talk", "#Talk", null, null, 1));
        }
    }

    @Test
    void theWriterCommitsWithinTheFlushIntervalWithoutBeingAsked() throws Exception {
        try (PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ofMillis(50)))) {
            store.append("#r", "ann", "hello", Instant.now());
            await().atMost(Duration.ofSeconds(10)).until(() -> rows("SELECT count(*) FROM messages") == 1);
        }
    }

    @Test
    void closingCommitsEverythingAcceptedAndTextIsKeptAsSent() throws Exception {
        PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ofHours(1)));
        for (int i = 0; i < 20_000; i++) {
            store.append("#r", "ann", "m" + i, Instant.now());
        }
        store.append("#r", "ann", "héllo wörld ✓ 🙂 'quoted' \\ back", Instant.now());
        store.append("#r", "ann", "a\0b", Instant.now()); // PostgreSQL's text has no U+0000
        store.close();
        assertThat(rows("SELECT count(*) FROM messages")).isEqualTo(20_002);
        try (PostgresMessageStore again = open()) {
            assertThat(again.page("#r", 2, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                    .containsExactly("héllo wörld ✓ 🙂 'quoted' \\ back", "a\uFFFDb");
        }
    }

    @Test
    void anUnreachableDatabaseIsRefusedAtOpenNamingItWithoutThePassword() throws Exception {
        PostgresUrl nowhere = new PostgresUrl("127.0.0.1", freePort(), database, PostgresServer.USER, server.password());
        assertThatThrownBy(() -> PostgresMessageStore.open(nowhere, HistorySettings.DEFAULTS))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageStartingWith("cannot open the history at postgresql://socketchat@127.0.0.1:" + nowhere.port() + "/" + database + ": ")
                .hasMessageContaining("refused")
                .hasMessageNotContaining(server.password());
    }

    @Test
    void aWrongPasswordIsRefusedAtOpenWithoutRepeatingIt() {
        PostgresUrl wrong = new PostgresUrl(url.host(), url.port(), database, url.user(), "not-the-password");
        assertThatThrownBy(() -> PostgresMessageStore.open(wrong, HistorySettings.DEFAULTS))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("password authentication failed")
                .hasMessageNotContaining("not-the-password");
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        open().close();
        sql("UPDATE schema_version SET version = " + (Schema.VERSION + 1));
        assertThatThrownBy(this::open)
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("newer SocketChat")
                .hasMessageContaining("schema version " + (Schema.VERSION + 1))
                .hasMessageContaining(url.toString());
    }

    @Test
    void nodesStartingAtOnceOnAnEmptyDatabaseMigrateItOnce() throws Exception {
        List<CompletableFuture<PostgresMessageStore>> opening = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            opening.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return open();
                } catch (StoreOpenException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<PostgresMessageStore> stores = opening.stream().map(CompletableFuture::join).toList();
        stores.forEach(PostgresMessageStore::close);
        assertThat(rows("SELECT count(*) FROM schema_version")).isEqualTo(1);
        assertThat(rows("SELECT max(version) FROM schema_version")).isEqualTo(Schema.VERSION);
    }

    @Test
    void twoNodesOnOneDatabaseMakeDistinctIdsEachIncreasingAndReadEachOthersMessages() throws Exception {
        try (PostgresMessageStore a = open(); PostgresMessageStore b = open()) {
            List<Long> fromA = new ArrayList<>();
            List<Long> fromB = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                fromA.add(a.append(MessageStore.LOBBY, "ann", "a" + i, Instant.now()));
                fromB.add(b.append(MessageStore.LOBBY, "bob", "b" + i, Instant.now()));
            }
            assertThat(fromA).isSorted();
            assertThat(fromB).isSorted();
            Set<Long> all = new HashSet<>(fromA);
            all.addAll(fromB);
            assertThat(all).hasSize(10_000);
            b.page(MessageStore.LOBBY, 1, Long.MAX_VALUE); // b's are written
            List<HistoryEntry> page = a.page(MessageStore.LOBBY, 10_000, Long.MAX_VALUE);
            assertThat(page).hasSize(10_000);
            assertThat(page.stream().filter(entry -> entry.sender().equals("bob")).map(HistoryEntry::text).toList())
                    .as("one node's messages in its order").isEqualTo(IntStream.range(0, 5_000).mapToObj(i -> "b" + i).toList());
            // Accepted in alternation, so both nodes' messages are spread through the page, not one block after the other.
            assertThat(page.subList(0, 5_000)).extracting(HistoryEntry::sender).contains("ann", "bob");
        }
    }

    @Test
    void aDatabaseThatGoesAwayLosesAndCountsWritesLogsOnceAndRecoversByItself() throws Exception {
        try (StoreLog log = new StoreLog();
             PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ZERO))) {
            store.append("#r", "ann", "before", Instant.now());
            assertThat(store.page("#r", 10, Long.MAX_VALUE)).hasSize(1);
            server.stop();
            try {
                for (int i = 0; i < 3; i++) {
                    assertThat(store.append("#r", "ann", "lost" + i, Instant.now())).isPositive();
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> store.lost() == 3);
                assertThatThrownBy(() -> store.page("#r", 10, Long.MAX_VALUE))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining(url.toString())
                        .hasMessageNotContaining(server.password());
                assertThat(log.containing("[STORE] error=")).hasSize(1);
                assertThat(log.containing("[STORE] error=").getFirst()).contains("url=" + url).doesNotContain(server.password());
            } finally {
                server.start();
            }
            // The first batches after the restart may still meet the pool's dead connections or a
            // server not yet accepting: lost like those before. Each poll sends one more.
            AtomicInteger after = new AtomicInteger();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StoreException.class).until(() -> {
                store.append("#r", "ann", "after" + after.incrementAndGet(), Instant.now());
                return store.page("#r", 10, Long.MAX_VALUE).size() > 1;
            });
            List<String> texts = store.page("#r", 10, Long.MAX_VALUE).stream().map(HistoryEntry::text).toList();
            assertThat(texts.getFirst()).isEqualTo("before");
            assertThat(texts.subList(1, texts.size())).allMatch(text -> text.startsWith("after")).doesNotContain("lost0", "lost1", "lost2");
            assertThat(log.containing("[STORE] recovered lost=")).hasSize(1);
            long lostInEpisode = Long.parseLong(log.containing("[STORE] recovered lost=").getFirst().replaceAll(".*lost=(\\d+).*", "$1"));
            assertThat(lostInEpisode).isEqualTo(store.lost()).isGreaterThanOrEqualTo(3);
            assertThat(log.containing("[STORE] error=")).hasSize(1);
        }
    }

    @Test
    void retentionDeletesTooOldAndTooManyInSmallStepsWhileNewMessagesGoOnBeingWritten() throws Exception {
        open().close();
        long old = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
        int oldRows = 150_000;
        sql("INSERT INTO messages (id, scope, time, sender, text) SELECT n, '#old', " + old
                + ", 'ann', 'old' FROM generate_series(1, " + oldRows + ") AS n");
        HistorySettings settings = HistorySettings.DEFAULTS.withRetention(Duration.ofDays(30), 3, Duration.ofMillis(100));
        try (PostgresMessageStore store = PostgresMessageStore.open(url, settings)) {
            long fresh = store.append("#new", "bob", "fresh", Instant.now());
            assertThat(fresh).as("ids go on after the rows already there").isGreaterThan(oldRows);
            // Written while retention is still deleting: no long transaction holds the writer.
            assertThat(store.page("#new", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("fresh");
            assertThat(rows("SELECT count(*) FROM messages WHERE scope = '#old'")).as("retention still running").isPositive();

            await().atMost(Duration.ofSeconds(60)).until(() -> store.count("#old") == 0);
            for (int i = 0; i < 10; i++) {
                store.append("#new", "bob", "n" + i, Instant.now());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.page("#new", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("n7", "n8", "n9"));
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(database), PostgresServer.USER, server.password());
    }

    private void sql(String statement) throws SQLException {
        try (Connection connection = connect(); Statement s = connection.createStatement()) {
            s.execute(statement);
        }
    }

    private long rows(String query) throws SQLException {
        try (Connection connection = connect();
             PreparedStatement statement = connection.prepareStatement(query);
             ResultSet result = statement.executeQuery()) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static int freePort() throws java.io.IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
