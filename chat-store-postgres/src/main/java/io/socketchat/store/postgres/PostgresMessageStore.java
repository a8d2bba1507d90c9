package io.socketchat.store.postgres;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.spi.HistoryEntry;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.OfflineMessage;
import io.socketchat.server.store.StoreException;
import io.socketchat.server.store.StoredAccount;
import io.socketchat.server.store.StoredRoom;
import io.socketchat.server.store.WriterStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serial;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * {@link MessageStore} and {@link AccountStore} in a PostgreSQL database that several nodes may share.
 *
 * <p>{@link #append} makes the id itself ({@link MessageIds}: no round trip) and queues the
 * message under a short lock. One platform thread, {@code chat-store-writer}, sends what is queued
 * in batches of up to {@value #BATCH} messages (one multi-row INSERT and one transaction each),
 * at the latest {@link HistorySettings#flush} after a message was accepted (sooner when a batch
 * fills, when a reader needs it written, or at close). Between batches it runs retention in
 * steps of {@value #DELETE_STEP} rows, each its own short transaction, under an advisory lock so
 * that one node of a cluster does it at a time. Reads take their own pooled connections.
 *
 * <p>A batch that fails (the database down or unreachable, a full disk) is lost; the first
 * failure of an episode is logged as one {@code [STORE] error=...} line, the recovery as
 * {@code [STORE] recovered lost=N}. The pool replaces broken connections, so the writer recovers
 * by itself with the first batch that commits once the database is back.
 *
 * <p>Accounts: a {@code DM} kept for an offline account is queued like a message (an id of
 * {@link MessageIds}, the same batches, into the table {@code offline}); a {@code DM} between
 * accounts is a message of the pair's scope ({@link AccountStore#directScope}), so retention
 * treats it as a room's. Account writes and taking a mailbox run on the caller's thread with a
 * pooled connection, not on the writer: each is one statement or one short transaction, and
 * what makes them safe beside other nodes is the database's own atomicity (a primary key for
 * {@link #create}, {@code DELETE ... RETURNING} for {@link #takeOffline}), which a queue in one
 * process could not give anyway.
 */
public final class PostgresMessageStore implements MessageStore, AccountStore, WriterStats {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.store");

    static final int BATCH = 8_192;
    static final int DELETE_STEP = 1_000;
    /** Messages that may wait for the writer; past it, appends are counted as lost (the chat never waits). */
    static final int MAX_PENDING = 1 << 18;
    /** How long a reader waits for the writer to send what was accepted before it asked. */
    private static final long READ_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** pg_try_advisory_xact_lock key of retention ("RETAIN" in ASCII): one node of a cluster at a time. */
    private static final long RETENTION_LOCK = 0x52455441494EL;

    /** A message to write; {@code offline}: a DM kept for the account {@code scope} (its key), not history. */
    private record Pending(long sequence, long id, String scope, String sender, String text, long timeMillis,
                           long acceptedNanos, boolean offline) {
    }

    private record RoomWrite(String key, String name, String setter, String topic, long timeMillis) {
    }

    private final PostgresDatabase database;
    private final boolean ownsDatabase;
    private final HistorySettings settings;
    private final Thread writerThread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();
    // Guarded by lock:
    private final MessageIds ids;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<RoomWrite> roomWrites = new ArrayDeque<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    /** Messages accepted so far (those lost to the queue limit included), and how many are through the writer. */
    private long accepted;
    private long writtenThrough;
    private boolean flushRequested;
    private boolean closing;
    private long overflowLost;

    // Written by the writer thread only (read by readers, which do not wait for a failing writer):
    private volatile boolean failing;
    private long lostInEpisode;
    private long retentionDueNanos;
    private Retention retention;

    // Statistics, for the operator and the benchmarks:
    private volatile long committedMessages;
    private volatile long lostMessages;
    private volatile LongConsumer commitListener = nanos -> { };

    private PostgresMessageStore(PostgresDatabase database, boolean ownsDatabase, HistorySettings settings, MessageIds ids) {
        this.database = database;
        this.ownsDatabase = ownsDatabase;
        this.settings = settings;
        this.ids = ids;
        this.retentionDueNanos = System.nanoTime();
        this.writerThread = Thread.ofPlatform().name("chat-store-writer").daemon(true).unstarted(this::runWriter);
    }

    /**
     * Opens the database at {@code url} (see {@link PostgresDatabase#open}) and a store on it that
     * closes the database when it closes.
     */
    public static PostgresMessageStore open(PostgresUrl url, HistorySettings settings) throws StoreOpenException {
        PostgresDatabase database = PostgresDatabase.open(url);
        try {
            return open(database, settings, true);
        } catch (StoreOpenException | RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** A store on an open database that others use too; closing the store leaves the database open. */
    public static PostgresMessageStore open(PostgresDatabase database, HistorySettings settings) throws StoreOpenException {
        return open(database, settings, false);
    }

    private static PostgresMessageStore open(PostgresDatabase database, HistorySettings settings, boolean owns)
            throws StoreOpenException {
        long slot;
        long floor;
        try (Connection connection = database.connection();
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT nextval('message_id_slots')")) {
                result.next();
                slot = Math.floorMod(result.getLong(1), MessageIds.SLOTS);
            }
            try (ResultSet result = statement.executeQuery(
                    "SELECT greatest((SELECT value - 1 FROM counters WHERE name = 'next_message_id'),"
                            + " (SELECT max(id) FROM messages), (SELECT max(id) FROM offline), 0)")) {
                result.next();
                floor = result.getLong(1);
            }
        } catch (SQLException e) {
            throw new StoreOpenException(database.url(), PostgresDatabase.rootMessage(e), e);
        }
        MessageIds ids = new MessageIds(slot, floor, System::currentTimeMillis);
        PostgresMessageStore store = new PostgresMessageStore(database, owns, settings, ids);
        store.writerThread.start();
        log.info("[STORE] opened={} schema={} slot={} flush={}ms retention={}s max-per-room={}", database.url(),
                Schema.VERSION, slot, settings.flush().toMillis(), settings.retention().toSeconds(), settings.maxPerScope());
        return store;
    }

    public PostgresUrl url() {
        return database.url();
    }

    // ---- the message path ----

    @Override
    public long append(String scope, String sender, String text, Instant time) {
        return queue(scope, sender, text, time, false);
    }

    private long queue(String scope, String sender, String text, Instant time, boolean offline) {
        lock.lock();
        try {
            if (closing) {
                return 0;
            }
            long id = ids.next();
            long sequence = ++accepted;
            if (pending.size() >= MAX_PENDING) {
                overflowLost++; // the writer is stuck far behind: keep chatting, count the loss
                return id;
            }
            pending.add(new Pending(sequence, id, scope, sender, text, time.toEpochMilli(), System.nanoTime(), offline));
            if (pending.size() == 1 || pending.size() == BATCH) {
                work.signal();
            }
            return id;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void roomCreated(String key, String name) {
        queueRoomWrite(new RoomWrite(key, name, null, null, 0));
    }

    @Override
    public void topicSet(String key, String name, String setter, String topic, Instant time) {
        queueRoomWrite(new RoomWrite(key, name, setter, topic, time.toEpochMilli()));
    }

    private void queueRoomWrite(RoomWrite write) {
        lock.lock();
        try {
            if (!closing) {
                roomWrites.add(write);
                work.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    // ---- reads ----

    @Override
    public List<HistoryEntry> page(String scope, int count, long beforeId) {
        awaitWritten();
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, time, sender, text FROM messages WHERE scope = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
                query.setString(1, scope);
                query.setLong(2, beforeId);
                query.setInt(3, count);
                List<HistoryEntry> newestFirst = new ArrayList<>(Math.min(count, 512));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        newestFirst.add(new HistoryEntry(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)),
                                rows.getString(3), rows.getString(4)));
                    }
                }
                return newestFirst.reversed();
            }
        });
    }

    @Override
    public long count(String scope) {
        awaitWritten();
        return read(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM messages WHERE scope = ?")) {
                query.setString(1, scope);
                try (ResultSet rows = query.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0L;
                }
            }
        });
    }

    @Override
    public List<StoredRoom> rooms() {
        return read(connection -> {
            Map<String, Long> counts = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT scope, count(*) FROM messages GROUP BY scope")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getLong(2));
                }
            }
            List<StoredRoom> rooms = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT key, name, topic_setter, topic FROM rooms")) {
                while (rows.next()) {
                    String key = rows.getString(1);
                    long messages = counts.getOrDefault(key, 0L);
                    String topic = rows.getString(4);
                    if (messages > 0 || topic != null) {
                        rooms.add(new StoredRoom(key, rows.getString(2), rows.getString(3), topic, messages));
                    }
                }
            }
            return rooms;
        });
    }

    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        try (Connection connection = database.connection()) {
            return read.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + database.url() + ": " + PostgresDatabase.rootMessage(e), e);
        }
    }

    /** A write that the caller waits for, on a pooled connection of its own. */
    private <T> T write(String what, Read<T> write) {
        lock.lock();
        try {
            if (closing) {
                throw new StoreException("the store is closed", null);
            }
        } finally {
            lock.unlock();
        }
        try (Connection connection = database.connection()) {
            return write.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + " in " + database.url() + ": " + PostgresDatabase.rootMessage(e), e);
        }
    }

    /** Waits (bounded) until everything accepted before the call has been through the writer. */
    private void awaitWritten() {
        lock.lock();
        try {
            long mark = accepted;
            if (writtenThrough >= mark || failing) {
                return; // a failing writer would only make the reader fail later
            }
            flushRequested = true;
            work.signal();
            long left = READ_WAIT_NANOS;
            while (writtenThrough < mark && !closing && left > 0) {
                left = written.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    // ---- writes that wait ----

    @Override
    public long purge(String scope) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                throw new StoreException("the store is closed", null);
            }
            tasks.add(() -> {
                try {
                    done.complete(purgeNow(scope));
                } catch (SQLException e) {
                    done.completeExceptionally(e);
                }
            });
            work.signal();
        } finally {
            lock.unlock();
        }
        try {
            return done.get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while purging " + scope, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreException("cannot purge " + scope + " in " + database.url(), e.getCause() == null ? e : e.getCause());
        }
    }

    /** Deletes a scope's rows in steps (each a short transaction), then what is kept of the room. */
    private long purgeNow(String scope) throws SQLException {
        try (Connection connection = database.connection()) {
            long deleted = 0;
            int step;
            do {
                step = deleteStep(connection,
                        "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE scope = ? ORDER BY id LIMIT ?)",
                        scope, DELETE_STEP);
                deleted += step;
            } while (step == DELETE_STEP);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM rooms WHERE key = ?")) {
                delete.setString(1, scope);
                delete.executeUpdate();
            }
            return deleted;
        }
    }

    private static int deleteStep(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                delete.setObject(i + 1, parameters[i]);
            }
            return delete.executeUpdate(); // autocommit: one short transaction per step
        }
    }

    // ---- the writer ----

    private void runWriter() {
        List<Pending> batch = new ArrayList<>(BATCH);
        List<RoomWrite> rooms = new ArrayList<>();
        List<Runnable> jobs = new ArrayList<>();
        while (true) {
            boolean last;
            lock.lock();
            try {
                waitForWork();
                drain(batch, rooms, jobs);
                last = closing && pending.isEmpty() && roomWrites.isEmpty() && tasks.isEmpty();
            } catch (InterruptedException e) {
                last = true;
            } finally {
                lock.unlock();
            }
            if (!batch.isEmpty() || !rooms.isEmpty()) {
                commit(batch, rooms);
            }
            for (Runnable job : jobs) {
                job.run();
            }
            long through = batch.isEmpty() ? -1 : batch.getLast().sequence();
            batch.clear();
            rooms.clear();
            jobs.clear();
            lock.lock();
            try {
                writtenThrough = pending.isEmpty() ? accepted : Math.max(writtenThrough, through);
                written.signalAll();
            } finally {
                lock.unlock();
            }
            if (last) {
                return;
            }
            retentionStep();
        }
    }

    /** Under the lock: until a batch is due (full, old enough, asked for, closing) or other work waits. */
    private void waitForWork() throws InterruptedException {
        while (pending.isEmpty() && roomWrites.isEmpty() && tasks.isEmpty() && !closing && !retentionWaiting()) {
            long untilRetention = retention != null ? 0 : retentionDueNanos - System.nanoTime();
            if (untilRetention <= 0) {
                return;
            }
            work.awaitNanos(untilRetention);
        }
        long flushNanos = settings.flush().toNanos();
        while (!pending.isEmpty() && pending.size() < BATCH && !flushRequested && !closing && tasks.isEmpty()
                && retention == null) {
            long left = pending.peekFirst().acceptedNanos() + flushNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            work.awaitNanos(left);
        }
    }

    private boolean retentionWaiting() {
        return retention != null || System.nanoTime() - retentionDueNanos >= 0;
    }

    private void drain(List<Pending> batch, List<RoomWrite> rooms, List<Runnable> jobs) {
        for (int i = 0; i < BATCH && !pending.isEmpty(); i++) {
            batch.add(pending.poll());
        }
        if (pending.isEmpty()) {
            flushRequested = false;
        }
        rooms.addAll(roomWrites);
        roomWrites.clear();
        jobs.addAll(tasks);
        tasks.clear();
    }

    private void commit(List<Pending> batch, List<RoomWrite> rooms) {
        SQLException failure = null;
        // A pooled connection may have died with the server it came from (a restart, a failover):
        // the batch goes again on another one. Only a connection that broke is worth a retry; one
        // the pool cannot give (the database down) fails the batch at once.
        for (int attempt = 0; attempt <= PostgresDatabase.POOL_SIZE; attempt++) {
            try {
                long started = System.nanoTime();
                writeBatch(batch, rooms);
                commitListener.accept(System.nanoTime() - started);
                committedMessages += batch.size();
                if (failing) {
                    failing = false;
                    log.info("[STORE] recovered lost={}", lostInEpisode);
                    lostInEpisode = 0;
                }
                return;
            } catch (BrokenConnection e) {
                failure = e.sqlCause();
            } catch (SQLException e) {
                failure = e;
                break;
            }
        }
        lostMessages += batch.size();
        lostInEpisode += batch.size();
        if (!failing) {
            failing = true;
            log.error("[STORE] error={} url={} lost={} (history writes fail; the chat goes on)",
                    Quoted.json(PostgresDatabase.rootMessage(failure)), database.url(), batch.size());
        }
    }

    /** A statement failed because its connection broke (SQLSTATE class 08, or the server shutting down: 57P). */
    private static final class BrokenConnection extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        BrokenConnection(SQLException cause) {
            super(cause);
        }

        SQLException sqlCause() {
            return (SQLException) getCause();
        }
    }

    private void writeBatch(List<Pending> batch, List<RoomWrite> rooms) throws SQLException, BrokenConnection {
        try (Connection connection = database.connection()) {
            try {
                connection.setAutoCommit(false);
                writeRooms(connection, rooms);
                writeMessages(connection, batch);
                connection.commit();
            } catch (SQLException e) {
                rollbackQuietly(connection);
                String state = e.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
                    throw new BrokenConnection(e);
                }
                throw e;
            } catch (RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the commit's own failure is what gets reported
        }
    }

    private static void writeMessages(Connection connection, List<Pending> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO messages (id, scope, time, sender, text) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement keep = connection.prepareStatement(
                     "INSERT INTO offline (id, recipient, time, sender, text) VALUES (?, ?, ?, ?, ?)")) {
            boolean messages = false;
            boolean kept = false;
            for (Pending message : batch) {
                PreparedStatement target = message.offline() ? keep : insert;
                target.setLong(1, message.id());
                target.setString(2, message.scope());
                target.setLong(3, message.timeMillis());
                target.setString(4, message.sender());
                target.setString(5, withoutNul(message.text()));
                target.addBatch();
                messages |= !message.offline();
                kept |= message.offline();
            }
            if (messages) {
                insert.executeBatch();
            }
            if (kept) {
                keep.executeBatch();
            }
        }
        try (PreparedStatement counter = connection.prepareStatement(
                "UPDATE counters SET value = greatest(value, ?) WHERE name = 'next_message_id'")) {
            counter.setLong(1, batch.getLast().id() + 1);
            counter.executeUpdate();
        }
    }

    /** PostgreSQL's text cannot hold U+0000 (SQLite's can); one would fail its whole batch. */
    private static String withoutNul(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
    }

    private static void writeRooms(Connection connection, List<RoomWrite> rooms) throws SQLException {
        if (rooms.isEmpty()) {
            return;
        }
        try (PreparedStatement created = connection.prepareStatement(
                "INSERT INTO rooms (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
             PreparedStatement topic = connection.prepareStatement(
                     "INSERT INTO rooms (key, name, topic, topic_setter, topic_time) VALUES (?, ?, ?, ?, ?)"
                             + " ON CONFLICT (key) DO UPDATE SET topic = excluded.topic,"
                             + " topic_setter = excluded.topic_setter, topic_time = excluded.topic_time")) {
            for (RoomWrite room : rooms) {
                if (room.topic() == null) {
                    created.setString(1, room.key());
                    created.setString(2, room.name());
                    created.executeUpdate();
                } else {
                    topic.setString(1, room.key());
                    topic.setString(2, room.name());
                    topic.setString(3, room.topic());
                    topic.setString(4, room.setter());
                    topic.setLong(5, room.timeMillis());
                    topic.executeUpdate();
                }
            }
        }
    }

    // ---- retention ----

    /** One pass of retention: the rows past the age limit, then each scope's rows past its cap. */
    private final class Retention {
        private final long cutoffMillis = System.currentTimeMillis() - settings.retention().toMillis();
        private ArrayDeque<Map.Entry<String, Long>> overfull;
        private boolean agedDone;
        private long deleted;

        /**
         * Counted once the aged rows are gone: counted before, a scope that had both aged rows and
         * too many would lose its aged rows twice over, newer ones in their place.
         */
        private ArrayDeque<Map.Entry<String, Long>> overfull(Connection connection) throws SQLException {
            ArrayDeque<Map.Entry<String, Long>> scopes = new ArrayDeque<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT scope, count(*) FROM messages GROUP BY scope HAVING count(*) > ?")) {
                query.setLong(1, settings.maxPerScope());
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        scopes.add(Map.entry(rows.getString(1), rows.getLong(2) - settings.maxPerScope()));
                    }
                }
            }
            return scopes;
        }

        /** Deletes at most one step of rows (in the caller's transaction); false when the pass is done. */
        boolean step(Connection connection) throws SQLException {
            if (!agedDone) {
                int step = deleteStep(connection,
                        "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < ? LIMIT ?)",
                        cutoffMillis, DELETE_STEP);
                deleted += step;
                agedDone = step < DELETE_STEP;
                return true;
            }
            if (overfull == null) {
                overfull = overfull(connection);
            }
            Map.Entry<String, Long> scope = overfull.poll();
            if (scope == null) {
                return false;
            }
            long excess = scope.getValue();
            int step = deleteStep(connection,
                    "DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE scope = ? ORDER BY id LIMIT ?)",
                    scope.getKey(), (int) Math.min(excess, DELETE_STEP));
            deleted += step;
            if (step > 0 && excess > step) {
                overfull.addFirst(Map.entry(scope.getKey(), excess - step));
            }
            return true;
        }
    }

    private void retentionStep() {
        if (retention == null && System.nanoTime() - retentionDueNanos < 0) {
            return;
        }
        try (Connection connection = database.connection()) {
            connection.setAutoCommit(false);
            try {
                boolean more = false;
                if (holdsRetentionLock(connection)) {
                    if (retention == null) {
                        retention = new Retention();
                    }
                    more = retention.step(connection);
                }
                connection.commit();
                if (!more) {
                    if (retention != null && retention.deleted > 0) {
                        log.info("[STORE] retention deleted={}", retention.deleted);
                    }
                    finishRetention();
                }
            } catch (SQLException e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            if (!failing) { // while writes fail, their line already says why
                log.warn("[STORE] retention=failed error={}", Quoted.json(PostgresDatabase.rootMessage(e)));
            }
            finishRetention();
        }
    }

    /** Another node runs a step of retention now: this one skips its pass (until the next period). */
    private static boolean holdsRetentionLock(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_try_advisory_xact_lock(" + RETENTION_LOCK + ")")) {
            return result.next() && result.getBoolean(1);
        }
    }

    private void finishRetention() {
        retention = null;
        retentionDueNanos = System.nanoTime() + settings.retentionPeriod().toNanos();
    }

    // ---- accounts ----

    @Override
    public List<StoredAccount> accounts() {
        return read(connection -> {
            List<StoredAccount> accounts = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(
                         "SELECT key, name, hash, created, last_seen, locked, reset FROM accounts ORDER BY key")) {
                StoredAccount.Reset[] states = StoredAccount.Reset.values();
                while (rows.next()) {
                    long lastSeen = rows.getLong(5);
                    Instant seen = rows.wasNull() ? null : Instant.ofEpochMilli(lastSeen);
                    accounts.add(new StoredAccount(rows.getString(1), rows.getString(2), rows.getString(3),
                            Instant.ofEpochMilli(rows.getLong(4)), seen, rows.getBoolean(6),
                            states[Math.clamp(rows.getInt(7), 0, states.length - 1)]));
                }
            }
            return accounts;
        });
    }

    @Override
    public boolean create(StoredAccount account) {
        return write("create an account", connection -> {
            // One statement: of two nodes registering one name at once, exactly one inserts.
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (key, name, hash, created, last_seen, locked, reset) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (key) DO NOTHING")) {
                insert.setString(1, account.key());
                insert.setString(2, account.name());
                insert.setString(3, account.hash());
                insert.setLong(4, account.created().toEpochMilli());
                setMillis(insert, 5, account.lastSeen());
                insert.setBoolean(6, account.locked());
                insert.setInt(7, account.reset().ordinal());
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean update(StoredAccount account) {
        return write("update an account", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET name = ?, hash = ?, last_seen = ?, locked = ?, reset = ? WHERE key = ?")) {
                update.setString(1, account.name());
                update.setString(2, account.hash());
                setMillis(update, 3, account.lastSeen());
                update.setBoolean(4, account.locked());
                update.setInt(5, account.reset().ordinal());
                update.setString(6, account.key());
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void setMillis(PreparedStatement statement, int index, Instant time) throws SQLException {
        if (time == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, time.toEpochMilli());
        }
    }

    @Override
    public boolean delete(String key) {
        awaitWritten(); // the mailbox goes too, with what was queued for it
        return write("delete an account", connection -> {
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement("DELETE FROM accounts WHERE key = ?");
                 PreparedStatement mailbox = connection.prepareStatement("DELETE FROM offline WHERE recipient = ?")) {
                account.setString(1, key);
                mailbox.setString(1, key);
                boolean deleted = account.executeUpdate() == 1;
                mailbox.executeUpdate();
                connection.commit();
                return deleted;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        });
    }

    @Override
    public void storeOffline(String recipientKey, String sender, String text, Instant time) {
        queue(recipientKey, sender, text, time, true);
    }

    @Override
    public List<OfflineMessage> takeOffline(String recipientKey) {
        awaitWritten();
        return write("take a mailbox", connection -> {
            // One statement: a node taking the same mailbox at once waits for these rows' locks,
            // then finds them gone, so no message is handed out twice.
            List<OfflineMessage> kept = new ArrayList<>();
            try (PreparedStatement take = connection.prepareStatement(
                    "DELETE FROM offline WHERE recipient = ? RETURNING id, time, sender, text")) {
                take.setString(1, recipientKey);
                try (ResultSet rows = take.executeQuery()) {
                    while (rows.next()) {
                        kept.add(new OfflineMessage(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)),
                                rows.getString(3), rows.getString(4)));
                    }
                }
            }
            kept.sort(Comparator.comparingLong(OfflineMessage::id)); // RETURNING promises no order
            return kept;
        });
    }

    @Override
    public Map<String, Integer> offlineCounts() {
        awaitWritten();
        return read(connection -> {
            Map<String, Integer> counts = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT recipient, count(*) FROM offline GROUP BY recipient")) {
                while (rows.next()) {
                    counts.put(rows.getString(1), rows.getInt(2));
                }
            }
            return counts;
        });
    }

    @Override
    public long appendDirect(String keyA, String keyB, String sender, String text, Instant time) {
        return append(AccountStore.directScope(keyA, keyB), sender, text, time);
    }

    @Override
    public List<HistoryEntry> directPage(String keyA, String keyB, int count, long beforeId) {
        return page(AccountStore.directScope(keyA, keyB), count, beforeId);
    }

    // ---- statistics ----

    /** Messages committed since the store opened. */
    public long committed() {
        return committedMessages;
    }

    /** Messages accepted but lost: failed batches, and appends past the writer's queue limit. */
    @Override
    public long lost() {
        lock.lock();
        try {
            return lostMessages + overflowLost;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean failing() {
        return failing;
    }

    /** Messages accepted and not yet through the writer. */
    @Override
    public int queued() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Each successful batch's time, from taking its connection to its commit. */
    @Override
    public void onCommit(LongConsumer commitNanos) {
        commitListener = Objects.requireNonNull(commitNanos, "commitNanos");
    }

    // ---- closing ----

    @Override
    public void close() {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            closing = true;
            work.signal();
            written.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            writerThread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (ownsDatabase) {
            database.close();
        }
        log.info("[STORE] closed committed={} lost={}", committedMessages, lost());
    }
}
