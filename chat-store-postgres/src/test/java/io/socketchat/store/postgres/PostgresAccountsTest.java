package io.socketchat.store.postgres;

import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.OfflineMessage;
import io.socketchat.server.store.StoreException;
import io.socketchat.server.store.StoredAccount;
import io.socketchat.server.store.WriterStats;
import io.socketchat.testkit.PostgresServer;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL store as an {@link AccountStore}, against a real PostgreSQL server the test runs
 * itself: the SQLite store's account contract, plus what several nodes on one database add (one
 * name registered once, one kept DM handed out once). Each test has a database of its own.
 */
class PostgresAccountsTest extends OwnDatabase {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static StoredAccount account(String key, String name) {
        return new StoredAccount(key, name, "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA", NOW, null, false,
                StoredAccount.Reset.NONE);
    }

    @Test
    void accountsAreUniqueByKeyAndKeepEveryFieldAcrossARestart() throws Exception {
        StoredAccount changed = account("ann", "Ann").withHash("$argon2id$other", StoredAccount.Reset.PENDING)
                .withLocked(true).withLastSeen(NOW.plusSeconds(5));
        try (PostgresMessageStore store = open()) {
            assertThat(store.create(account("ann", "Ann"))).isTrue();
            assertThat(store.create(account("ann", "ANN"))).isFalse();
            assertThat(store.create(account("bob", "bob").withHash("$argon2id$b", StoredAccount.Reset.USED))).isTrue();
            assertThat(store.update(changed)).isTrue();
            assertThat(store.update(account("nobody", "nobody"))).isFalse();
        }
        try (PostgresMessageStore store = open()) {
            assertThat(store.accounts()).containsExactly(changed,
                    account("bob", "bob").withHash("$argon2id$b", StoredAccount.Reset.USED));
            assertThat(store.update(changed.withLastSeen(null).withLocked(false))).isTrue();
            assertThat(store.accounts().getFirst()).isEqualTo(changed.withLastSeen(null).withLocked(false));
        }
    }

    @Test
    void twoNodesRegisteringOneNameAtOnceCreateItExactlyOnce() throws Exception {
        try (PostgresMessageStore a = open(); PostgresMessageStore b = open();
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 50; round++) {
                String key = "name" + round;
                CyclicBarrier start = new CyclicBarrier(2);
                CompletableFuture<Boolean> viaA = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return a.create(account(key, key + "-a"));
                }, threads);
                CompletableFuture<Boolean> viaB = CompletableFuture.supplyAsync(() -> {
                    awaitQuietly(start);
                    return b.create(account(key, key + "-b"));
                }, threads);
                assertThat(List.of(viaA.join(), viaB.join())).as("round " + round).containsExactlyInAnyOrder(true, false);
            }
            assertThat(a.accounts()).hasSize(50);
            assertThat(b.accounts()).isEqualTo(a.accounts());
        }
    }

    @Test
    void keptMessagesComeOutOnceOldestFirstAndSurviveARestart() throws Exception {
        try (PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ofHours(1)))) {
            store.create(account("ann", "ann"));
            store.storeOffline("ann", "bob", "first", NOW);
            store.storeOffline("ann", "carl", "second ✓ a\0b", NOW.plusMillis(1));
            store.storeOffline("dan", "bob", "for dan", NOW);
            // Not yet written (the flush is an hour away): the count waits for the writer.
            assertThat(store.offlineCounts()).isEqualTo(Map.of("ann", 2, "dan", 1));
        }
        try (PostgresMessageStore store = open()) {
            List<OfflineMessage> kept = store.takeOffline("ann");
            assertThat(kept).extracting(OfflineMessage::sender, OfflineMessage::text)
                    .containsExactly(Tuple.tuple("bob", "first"), Tuple.tuple("carl", "second ✓ a\uFFFDb"));
            assertThat(kept).extracting(OfflineMessage::time).containsExactly(NOW, NOW.plusMillis(1));
            assertThat(kept.getFirst().id()).isPositive().isLessThan(kept.getLast().id());
            assertThat(store.takeOffline("ann")).isEmpty();
            assertThat(store.offlineCounts()).isEqualTo(Map.of("dan", 1));
        }
    }

    @Test
    void twoNodesTakingOneMailboxAtOnceGetDisjointMessagesAndTogetherAll() throws Exception {
        try (PostgresMessageStore sender = open(); PostgresMessageStore a = open(); PostgresMessageStore b = open();
             ExecutorService threads = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 10; round++) {
                Set<String> sent = new HashSet<>();
                for (int i = 0; i < 300; i++) {
                    String text = "r" + round + " m" + i;
                    sender.storeOffline("ann", "bob", text, Instant.now());
                    sent.add(text);
                }
                assertThat(sender.offlineCounts()).containsEntry("ann", 300); // written, for the other nodes to see
                List<String> fromA;
                List<String> fromB;
                // A transaction holding the mailbox's rows makes both takers wait on them, so that
                // they really run at once, then lets them go together.
                try (Connection holder = connect()) {
                    holder.setAutoCommit(false);
                    try (Statement statement = holder.createStatement()) {
                        statement.execute("SELECT id FROM offline WHERE recipient = 'ann' FOR UPDATE");
                    }
                    CompletableFuture<List<OfflineMessage>> viaA = CompletableFuture.supplyAsync(() -> a.takeOffline("ann"), threads);
                    CompletableFuture<List<OfflineMessage>> viaB = CompletableFuture.supplyAsync(() -> b.takeOffline("ann"), threads);
                    await().atMost(Duration.ofSeconds(20)).until(() -> rows("SELECT count(*) FROM pg_stat_activity"
                            + " WHERE datname = '" + database + "' AND wait_event_type = 'Lock'") == 2);
                    holder.commit();
                    fromA = viaA.join().stream().map(OfflineMessage::text).toList();
                    fromB = viaB.join().stream().map(OfflineMessage::text).toList();
                }
                Set<String> both = new HashSet<>(fromA);
                both.retainAll(fromB);
                assertThat(both).as("round " + round + ": handed to both nodes").isEmpty();
                Set<String> taken = new HashSet<>(fromA);
                taken.addAll(fromB);
                assertThat(taken).as("round " + round).isEqualTo(sent);
                assertThat(fromA.size() + fromB.size()).isEqualTo(300);
            }
            assertThat(a.offlineCounts()).isEmpty();
        }
    }

    @Test
    void deletingAnAccountDeletesItsMailboxEvenWhatIsNotWrittenYetButNotItsHistory() throws Exception {
        try (PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ofHours(1)))) {
            store.create(account("ann", "ann"));
            store.create(account("bob", "bob"));
            store.storeOffline("ann", "bob", "kept", NOW);
            store.storeOffline("bob", "ann", "for bob", NOW);
            store.appendDirect("ann", "bob", "ann", "a dm", NOW);
            assertThat(store.delete("ann")).isTrue();
            assertThat(store.delete("ann")).isFalse();
            assertThat(store.accounts()).extracting(StoredAccount::key).containsExactly("bob");
            assertThat(store.takeOffline("ann")).isEmpty();
            assertThat(store.offlineCounts()).isEqualTo(Map.of("bob", 1));
            assertThat(store.directPage("bob", "ann", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("a dm");
        }
    }

    @Test
    void directHistoryIsOneScopePerPairWhicheverIsFirstSharesTheMessageIdsAndPagesBackOnAnyNode() throws Exception {
        try (PostgresMessageStore a = open(); PostgresMessageStore b = open()) {
            long room = a.append("#java", "ann", "in a room", NOW);
            long one = a.appendDirect("ann", "bob", "ann", "hi bob", NOW);
            long two = a.appendDirect("bob", "ann", "bob", "hi ann", NOW);
            a.appendDirect("ann", "carl", "ann", "hi carl", NOW);
            assertThat(one).isGreaterThan(room);
            assertThat(two).isGreaterThan(one);
            assertThat(a.directPage("bob", "ann", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                    .containsExactly("hi bob", "hi ann");
            assertThat(a.directPage("ann", "bob", 10, two)).extracting(HistoryEntry::text).containsExactly("hi bob");
            assertThat(a.rooms()).isEmpty(); // a pair's scope is no room

            List<Long> ids = new ArrayList<>(List.of(one, two));
            for (int i = 0; i < 250; i++) {
                ids.add((i % 2 == 0 ? a : b).appendDirect("ann", "bob", i % 2 == 0 ? "ann" : "bob", "m" + i, Instant.now()));
            }
            a.directPage("ann", "bob", 1, Long.MAX_VALUE); // each node's writer has sent its share
            b.directPage("ann", "bob", 1, Long.MAX_VALUE);
            List<Long> seen = new ArrayList<>();
            long before = Long.MAX_VALUE;
            while (true) {
                List<HistoryEntry> page = b.directPage("bob", "ann", 40, before);
                if (page.isEmpty()) {
                    break;
                }
                assertThat(page).extracting(HistoryEntry::id).isSorted();
                seen.addAll(0, page.stream().map(HistoryEntry::id).toList());
                before = page.getFirst().id();
            }
            assertThat(seen).as("every DM of the pair exactly once, whichever node wrote it")
                    .containsExactlyInAnyOrderElementsOf(ids).isSorted();
        }
    }

    @Test
    void retentionTreatsAPairsHistoryAsARoomsAndLeavesKeptMessagesAlone() throws Exception {
        open().close();
        long old = Instant.now().minus(Duration.ofDays(40)).toEpochMilli();
        sql("INSERT INTO messages (id, scope, time, sender, text) SELECT n, '@ann bob', " + old
                + ", 'ann', 'old' FROM generate_series(1, 2500) AS n");
        sql("INSERT INTO offline (id, recipient, time, sender, text) VALUES (2501, 'ann', " + old + ", 'bob', 'kept long')");
        HistorySettings settings = HistorySettings.DEFAULTS.withRetention(Duration.ofDays(30), 3, Duration.ofMillis(100));
        try (PostgresMessageStore store = PostgresMessageStore.open(url, settings)) {
            for (int i = 0; i < 10; i++) {
                store.appendDirect("bob", "ann", "bob", "n" + i, Instant.now());
            }
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(store.directPage("ann", "bob", 50, Long.MAX_VALUE)).extracting(HistoryEntry::text)
                            .containsExactly("n7", "n8", "n9"));
            assertThat(store.takeOffline("ann")).extracting(OfflineMessage::text).containsExactly("kept long");
        }
    }

    @Test
    void aStartingNodeMakesIdsAboveEveryKeptMessagesId() throws Exception {
        open().close();
        long future = (Instant.now().plus(Duration.ofDays(365)).toEpochMilli() - MessageIds.EPOCH_MILLIS) << 22;
        sql("INSERT INTO offline (id, recipient, time, sender, text) VALUES (" + future + ", 'ann', 0, 'bob', 'from the future')");
        try (PostgresMessageStore store = open()) {
            assertThat(store.appendDirect("ann", "bob", "ann", "now", Instant.now())).isGreaterThan(future);
        }
    }

    @Test
    void aFailingDatabaseGivesStoreExceptionsNamingItWithoutThePasswordAndTheNonBlockingWritesCountTheirLoss()
            throws Exception {
        try (PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ZERO))) {
            store.create(account("ann", "ann"));
            server.stop();
            try {
                assertThat(store.appendDirect("ann", "bob", "ann", "lost dm", NOW)).isPositive(); // never blocks, never throws
                store.storeOffline("ann", "bob", "lost kept", NOW);
                await().atMost(Duration.ofSeconds(30)).until(() -> store.lost() == 2);
                List<ThrowingSupplier<?>> calls = List.of(
                        store::accounts,
                        () -> store.create(account("bob", "bob")),
                        () -> store.update(account("ann", "ann").withLocked(true)),
                        () -> store.delete("ann"),
                        () -> store.takeOffline("ann"),
                        store::offlineCounts,
                        () -> store.directPage("ann", "bob", 10, Long.MAX_VALUE));
                for (ThrowingSupplier<?> call : calls) {
                    assertThatThrownBy(call::get)
                            .isInstanceOf(StoreException.class)
                            .hasMessageContaining(url.toString())
                            .hasMessageNotContaining(server.password());
                }
            } finally {
                server.start();
            }
            await().atMost(Duration.ofSeconds(30)).ignoreExceptionsInstanceOf(StoreException.class)
                    .until(() -> store.create(account("bob", "bob")));
            assertThat(store.accounts()).extracting(StoredAccount::key).containsExactly("ann", "bob");
            assertThat(store.takeOffline("ann")).isEmpty();
        }
    }

    @Test
    void aClosedStoreRefusesAccountWrites() throws Exception {
        PostgresMessageStore store = open();
        store.close();
        assertThatThrownBy(() -> store.create(account("ann", "ann"))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store.takeOffline("ann")).isInstanceOf(StoreException.class);
    }

    @Test
    void theWriterReportsItsCommitsAndQueueAsWriterStats() throws Exception {
        try (PostgresMessageStore store = PostgresMessageStore.open(url, HistorySettings.DEFAULTS.withFlush(Duration.ofHours(1)))) {
            WriterStats stats = store;
            AtomicLong commits = new AtomicLong();
            AtomicLong nanos = new AtomicLong();
            stats.onCommit(elapsed -> {
                commits.incrementAndGet();
                nanos.addAndGet(elapsed);
            });
            store.storeOffline("ann", "bob", "kept", NOW);
            store.appendDirect("ann", "bob", "bob", "dm", NOW);
            assertThat(store.offlineCounts()).isEqualTo(Map.of("ann", 1)); // asks the writer to send now
            assertThat(stats.queued()).isZero();
            assertThat(commits.get()).isPositive();
            assertThat(nanos.get()).isPositive();
            assertThat(stats.lost()).isZero();
        }
    }

    @Test
    void aDatabaseOfSchemaOneGainsTheAccountTablesAndKeepsItsHistory() throws Exception {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String sql : Schema.MIGRATIONS.getFirst()) {
                statement.execute(sql);
            }
            statement.execute("CREATE TABLE schema_version (version integer NOT NULL)");
            statement.execute("INSERT INTO schema_version (version) VALUES (1)");
            statement.execute("INSERT INTO messages (id, scope, time, sender, text) VALUES (7, '*', " + NOW.toEpochMilli()
                    + ", 'ann', 'old')"); // now: older rows would go to retention at open
        }
        try (PostgresMessageStore store = open()) {
            assertThat(store.page("*", 10, Long.MAX_VALUE)).extracting(HistoryEntry::text).containsExactly("old");
            assertThat(store.create(account("ann", "ann"))).isTrue();
            assertThat(store.appendDirect("ann", "bob", "ann", "new", NOW)).isGreaterThan(7);
        }
        assertThat(rows("SELECT max(version) FROM schema_version")).isEqualTo(2);
        assertThat(rows("SELECT count(*) FROM schema_version")).isEqualTo(1);
    }

    private static void awaitQuietly(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
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
}
