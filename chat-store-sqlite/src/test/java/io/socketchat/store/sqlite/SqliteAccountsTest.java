package io.socketchat.store.sqlite;

import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.OfflineMessage;
import io.socketchat.server.store.StoredAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQLite store as an {@link AccountStore}, on real files; and a database of schema 1 brought up to 2. */
class SqliteAccountsTest {

    @TempDir
    Path directory;

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private SqliteStore open() throws StoreOpenException {
        return SqliteStore.open(StoreSettings.in(directory));
    }

    private static StoredAccount account(String key, String name) {
        return new StoredAccount(key, name, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA", NOW, null, false,
                StoredAccount.Reset.NONE);
    }

    @Test
    void accountsAreUniqueByKeyAndKeepEveryFieldAcrossARestart() throws Exception {
        try (SqliteStore store = open()) {
            assertThat(store.create(account("ann", "Ann"))).isTrue();
            assertThat(store.create(account("ann", "ANN"))).isFalse();
            StoredAccount changed = account("ann", "Ann").withHash("$argon2id$other", StoredAccount.Reset.PENDING)
                    .withLocked(true).withLastSeen(NOW.plusSeconds(5));
            assertThat(store.update(changed)).isTrue();
            assertThat(store.update(account("nobody", "nobody"))).isFalse();
        }
        try (SqliteStore store = open()) {
            assertThat(store.accounts()).containsExactly(account("ann", "Ann")
                    .withHash("$argon2id$other", StoredAccount.Reset.PENDING).withLocked(true).withLastSeen(NOW.plusSeconds(5)));
        }
    }

    @Test
    void keptMessagesComeOutOnceOldestFirstAndSurviveARestart() throws Exception {
        try (SqliteStore store = open()) {
            store.create(account("ann", "ann"));
            store.storeOffline("ann", "bob", "first", NOW);
            store.storeOffline("ann", "carl", "second", NOW.plusMillis(1));
            store.storeOffline("dan", "bob", "for dan", NOW);
            assertThat(store.offlineCounts()).isEqualTo(Map.of("ann", 2, "dan", 1));
        }
        try (SqliteStore store = open()) {
            assertThat(store.takeOffline("ann")).extracting(OfflineMessage::sender, OfflineMessage::text)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("bob", "first"),
                            org.assertj.core.groups.Tuple.tuple("carl", "second"));
            assertThat(store.takeOffline("ann")).isEmpty();
            assertThat(store.offlineCounts()).isEqualTo(Map.of("dan", 1));
        }
    }

    @Test
    void deletingAnAccountDeletesItsMailboxButNotItsHistory() throws Exception {
        try (SqliteStore store = open()) {
            store.create(account("ann", "ann"));
            store.storeOffline("ann", "bob", "kept", NOW);
            store.appendDirect("ann", "bob", "ann", "a dm", NOW);
            assertThat(store.delete("ann")).isTrue();
            assertThat(store.delete("ann")).isFalse();
            assertThat(store.accounts()).isEmpty();
            assertThat(store.takeOffline("ann")).isEmpty();
            assertThat(store.directPage("bob", "ann", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("a dm");
        }
    }

    @Test
    void directHistoryIsOneScopePerPairWhicheverIsFirstAndSharesTheMessageIds() throws Exception {
        try (SqliteStore store = open()) {
            long room = store.append("#java", "ann", "in a room", NOW);
            long one = store.appendDirect("ann", "bob", "ann", "hi bob", NOW);
            long two = store.appendDirect("bob", "ann", "bob", "hi ann", NOW);
            store.appendDirect("ann", "carl", "ann", "hi carl", NOW);
            assertThat(one).isGreaterThan(room);
            assertThat(two).isGreaterThan(one);
            assertThat(store.directPage("bob", "ann", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                    .containsExactly("hi bob", "hi ann");
            assertThat(store.directPage("ann", "bob", 10, two)).extracting(HistoryEntry::text).containsExactly("hi bob");
            assertThat(store.rooms()).isEmpty(); // a pair's scope is no room
            assertThat(AccountStore.directScope("bob", "ann")).isEqualTo("@ann bob");
        }
    }

    @Test
    void aDatabaseOfSchemaOneGainsTheAccountTablesAndKeepsItsHistory() throws Exception {
        Files.createDirectories(directory);
        Path file = directory.resolve(StoreSettings.DATABASE_FILE);
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : Schema.MIGRATIONS.getFirst()) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = 1");
            statement.execute("INSERT INTO messages (id, scope, time, sender, text) VALUES (7, '*', " + NOW.toEpochMilli()
                    + ", 'ann', 'old')"); // now: older rows would go to retention at open
        }
        try (SqliteStore store = open()) {
            assertThat(store.page("*", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("old");
            assertThat(store.create(account("ann", "ann"))).isTrue();
            assertThat(store.appendDirect("ann", "bob", "ann", "new", NOW)).isGreaterThan(7);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet version = statement.executeQuery("PRAGMA user_version")) {
            assertThat(version.next()).isTrue();
            assertThat(version.getInt(1)).isEqualTo(2);
        }
    }
}
