package io.socketchat.store.sqlite;

import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.StoredRoom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The SQLite store on real files in a temporary directory. */
class SqliteStoreTest {

    @TempDir
    Path directory;

    private SqliteStore open() throws StoreOpenException {
        return SqliteStore.open(StoreSettings.in(directory));
    }

    @Test
    void idsIncreaseInAcceptedOrderAndAcrossRestartsEvenAfterTheNewestAreDeleted() throws Exception {
        long last;
        try (SqliteStore store = open()) {
            long first = store.append("#java", "ann", "one", Instant.now());
            long second = store.append(MessageStore.LOBBY, "bob", "two", Instant.now());
            last = store.append("#java", "ann", "three", Instant.now());
            assertThat(first).isPositive();
            assertThat(second).isGreaterThan(first);
            assertThat(last).isGreaterThan(second);
            store.roomCreated("#java", "#Java");
            assertThat(store.purge("#java")).isEqualTo(2); // the newest id is gone from the table
        }
        try (SqliteStore store = open()) {
            assertThat(store.append("#java", "ann", "four", Instant.now())).isGreaterThan(last);
            assertThat(store.page(MessageStore.LOBBY, 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("two");
        }
    }

    @Test
    void aPageIsTheNewestBeforeTheIdOldestFirstAndPagingBackSeesEveryMessageExactlyOnce() throws Exception {
        try (SqliteStore store = open()) {
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
        }
    }

    @Test
    void roomsWithATopicOrMessagesAreRememberedWithTheirFirstName() throws Exception {
        try (SqliteStore store = open()) {
            store.roomCreated("#java", "#Java");
            store.roomCreated("#java", "#JAVA"); // created again later: the first name stays
            store.topicSet("#java", "#Java", "ann", "coffee and code", Instant.now());
            store.roomCreated("#empty", "#empty");
            store.roomCreated("#talk", "#Talk");
            store.append("#talk", "bob", "hi", Instant.now());
        }
        try (SqliteStore store = open()) {
            assertThat(store.rooms()).containsExactlyInAnyOrder(
                    new StoredRoom("#java", "#Java", "ann", "coffee and code", 0),
                    new StoredRoom("#talk", "#Talk", null, null, 1));
        }
    }

    @Test
    void theWriterCommitsWithinTheFlushIntervalWithoutBeingAsked() throws Exception {
        try (SqliteStore store = SqliteStore.open(StoreSettings.in(directory).withFlush(Duration.ofMillis(50)))) {
            store.append("#r", "ann", "hello", Instant.now());
            await().atMost(Duration.ofSeconds(10)).until(() -> rowsInFile("SELECT count(*) FROM messages") == 1);
        }
    }

    @Test
    void closingCommitsEverythingAccepted() throws Exception {
        SqliteStore store = SqliteStore.open(StoreSettings.in(directory).withFlush(Duration.ofHours(1)));
        for (int i = 0; i < 20_000; i++) {
            store.append("#r", "ann", "m" + i, Instant.now());
        }
        store.close();
        assertThat(rowsInFile("SELECT count(*) FROM messages")).isEqualTo(20_000);
        assertThat(rowsInFile("SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'")).isEqualTo(1);
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(directory.resolve("plain-file"), "not a directory");
        Path inside = file.resolve("data");
        assertThatThrownBy(() -> SqliteStore.open(StoreSettings.in(inside)))
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining(inside.toString());
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefused() throws Exception {
        open().close();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(StoreSettings.DATABASE_FILE));
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + (Schema.VERSION + 1));
        }
        assertThatThrownBy(this::open)
                .isInstanceOf(StoreOpenException.class)
                .hasMessageContaining("newer SocketChat")
                .hasMessageContaining(StoreSettings.DATABASE_FILE);
    }

    @Test
    void writesThatFailAreLoggedOncePerEpisodeAndResumeByThemselves() throws Exception {
        try (StoreLog log = new StoreLog();
             SqliteStore store = SqliteStore.open(StoreSettings.in(directory).withFlush(Duration.ZERO))) {
            store.append("#r", "ann", "before", Instant.now());
            assertThat(store.page("#r", 10, Long.MAX_VALUE)).hasSize(1);
            // Another process holds the database's write lock past the writer's busy timeout: every
            // commit fails as it would on a full disk or an I/O error, and none may stop the caller.
            try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + store.file());
                 Statement statement = other.createStatement()) {
                statement.execute("BEGIN EXCLUSIVE");
                for (int i = 0; i < 3; i++) {
                    store.append("#r", "ann", "lost" + i, Instant.now());
                    store.page("#other", 1, Long.MAX_VALUE); // waits for the failed commit
                }
                assertThat(store.lost()).isEqualTo(3);
                assertThat(log.containing("[STORE] error=")).hasSize(1);
                statement.execute("ROLLBACK");
            }
            store.append("#r", "ann", "after", Instant.now());
            assertThat(store.page("#r", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("before", "after");
            assertThat(log.containing("[STORE] recovered lost=3")).hasSize(1);
        }
    }

    @Test
    void retentionDeletesTooOldAndTooManyInSmallStepsWhileNewMessagesGoOnBeingWritten() throws Exception {
        open().close();
        long old = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
        int oldRows = 150_000;
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(StoreSettings.DATABASE_FILE))) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO messages (id, scope, time, sender, text) VALUES (?, ?, ?, 'ann', 'old')")) {
                for (int i = 1; i <= oldRows; i++) {
                    insert.setLong(1, i);
                    insert.setString(2, "#old");
                    insert.setLong(3, old);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        StoreSettings settings = StoreSettings.in(directory).withRetention(Duration.ofDays(30), 3, Duration.ofMillis(100));
        try (SqliteStore store = SqliteStore.open(settings)) {
            long fresh = store.append("#new", "bob", "fresh", Instant.now());
            assertThat(fresh).as("ids go on after the rows already there").isGreaterThan(oldRows);
            // Written while retention is still deleting: no long transaction holds the writer.
            assertThat(store.page("#new", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("fresh");
            assertThat(rowsInFile("SELECT count(*) FROM messages WHERE scope = '#old'")).as("retention still running").isPositive();

            await().atMost(Duration.ofSeconds(60)).until(() -> store.count("#old") == 0);
            for (int i = 0; i < 10; i++) {
                store.append("#new", "bob", "n" + i, Instant.now());
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(store.page("#new", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("n7", "n8", "n9"));
        }
    }

    @Test
    void aScopeWithAgedRowsAndTooManyKeepsItsNewestYoungRowsUpToTheCap() throws Exception {
        open().close();
        long aged = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
        long young = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
        String pair = AccountStore.directScope("ann", "bob");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(StoreSettings.DATABASE_FILE))) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO messages (id, scope, time, sender, text) VALUES (?, ?, ?, 'ann', ?)")) {
                long id = 1;
                for (String scope : List.of("#mixed", pair)) {
                    for (int i = 0; i < 5; i++) {
                        insert.setLong(1, id++);
                        insert.setString(2, scope);
                        insert.setLong(3, aged + i);
                        insert.setString(4, "aged" + i);
                        insert.addBatch();
                    }
                    for (int i = 0; i < 6; i++) {
                        insert.setLong(1, id++);
                        insert.setString(2, scope);
                        insert.setLong(3, young + i);
                        insert.setString(4, "young" + i);
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        // One pass, at open: the next is an hour away, so what is left is what that pass kept.
        StoreSettings settings = StoreSettings.in(directory).withRetention(Duration.ofDays(30), 3, Duration.ofHours(1));
        try (StoreLog log = new StoreLog(); SqliteStore store = SqliteStore.open(settings)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.containing("[STORE] retention deleted=").isEmpty());
            assertThat(store.page("#mixed", 50, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                    .containsExactly("young3", "young4", "young5");
            assertThat(store.directPage("bob", "ann", 50, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                    .containsExactly("young3", "young4", "young5");
            assertThat(log.containing("[STORE] retention deleted=")).containsExactly("[STORE] retention deleted=16");
        }
    }

    private long rowsInFile(String query) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(StoreSettings.DATABASE_FILE));
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            return result.next() ? result.getLong(1) : 0;
        }
    }
}
