package io.socketchat.store.sqlite;

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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongConsumer;

/**
 * {@link MessageStore} and {@link AccountStore} in one SQLite file ({@code socketchat.db} in the
 * data directory), WAL mode.
 *
 * <p>{@link #append} assigns the id and queues the message under a short lock: the message path
 * never touches the disk. One platform thread, {@code chat-store-writer}, commits what is queued
 * in batches of up to {@value #BATCH} messages, at the latest {@link StoreSettings#flush} after
 * a message was accepted (sooner when a batch fills, when a reader needs it written, or at
 * close). Between batches it runs retention in steps of {@value #DELETE_STEP} rows, each its own
 * short transaction. Reads use their own connections, which WAL lets run beside the writer.
 *
 * <p>A commit that fails (disk full, I/O error, a lock held too long by another process) loses
 * that batch; the first failure of an episode is logged as one {@code [STORE] error=...} line,
 * the recovery as {@code [STORE] recovered lost=N}. The writer keeps trying with the next batch.
 *
 * <p>Accounts: a {@code DM} kept for an offline account is queued like a message (same ids, same
 * batches, into the {@code offline} table); a {@code DM} between accounts is a message of the
 * pair's scope ({@link AccountStore#directScope}), so retention treats it as a room's. Account
 * writes (create, update, delete) and taking a mailbox run on the writer as tasks, so that one
 * connection writes and the caller (a command's virtual thread) waits for its answer.
 */
public final class SqliteStore implements MessageStore, AccountStore, WriterStats {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.store");

    static final int BATCH = 8_192;
    static final int DELETE_STEP = 1_000;
    /** Messages that may wait for the writer; past it, appends are counted as lost (the chat never waits). */
    static final int MAX_PENDING = 1 << 18;
    private static final int READERS = 2;
    /** How long a reader waits for the writer to commit what was accepted before it asked. */
    private static final long READ_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int BUSY_TIMEOUT_MILLIS = 1_000;

    /** A message to write; {@code offline}: a DM kept for the account {@code scope} (its key), not history. */
    private record Pending(long id, String scope, String sender, String text, long timeMillis, long acceptedNanos,
                           boolean offline) {
    }

    private record RoomWrite(String key, String name, String setter, String topic, long timeMillis) {
    }

    private final StoreSettings settings;
    private final Path file;
    private final Connection writer;
    private final BlockingQueue<Connection> readers = new ArrayBlockingQueue<>(READERS);
    private final Thread writerThread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition written = lock.newCondition();
    // Guarded by lock:
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final ArrayDeque<RoomWrite> roomWrites = new ArrayDeque<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private long nextId;
    private long writtenId;
    private boolean flushRequested;
    private boolean closing;
    private long overflowLost;

    // Written by the writer thread only (failing is read by /readyz):
    private volatile boolean failing;
    private long lostInEpisode;
    private long retentionDueNanos;
    private Retention retention;

    // Statistics, for the operator and the benchmarks:
    private volatile long committedMessages;
    private volatile long lostMessages;
    private final CommitTimes commitTimes = new CommitTimes();
    private volatile LongConsumer commitListener = nanos -> { };

    private SqliteStore(StoreSettings settings, Connection writer, long nextId) {
        this.settings = settings;
        this.file = settings.databaseFile();
        this.writer = writer;
        this.nextId = nextId;
        this.writtenId = nextId - 1;
        this.retentionDueNanos = System.nanoTime();
        this.writerThread = Thread.ofPlatform().name("chat-store-writer").daemon(true).unstarted(this::runWriter);
    }

    /**
     * Opens (or creates) the database in the settings' data directory, brings its schema up to
     * date and starts the writer.
     *
     * @throws StoreOpenException naming the path, when the directory or the database cannot be
     *                            created, opened or written, or the database is from a newer release
     */
    public static SqliteStore open(StoreSettings settings) throws StoreOpenException {
        Path directory = settings.dataDirectory().toAbsolutePath();
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreOpenException(directory, "cannot create the directory (" + e + ")", e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new StoreOpenException(directory, "not a writable directory", null);
        }
        Path file = directory.resolve(StoreSettings.DATABASE_FILE);
        Connection writer = null;
        List<Connection> opened = new ArrayList<>();
        try {
            writer = connect(file);
            opened.add(writer);
            try (Statement statement = writer.createStatement()) {
                try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                    if (!mode.next() || !"wal".equalsIgnoreCase(mode.getString(1))) {
                        throw new SQLException("the database refused WAL mode");
                    }
                }
                // WAL with synchronous NORMAL: a commit survives the process being killed (it is in
                // the WAL file); only an operating system crash can lose the last commits.
                statement.execute("PRAGMA synchronous = NORMAL");
            }
            Schema.migrate(writer, file.toString());
            long next = nextId(writer);
            SqliteStore store = new SqliteStore(settings, writer, next);
            for (int i = 0; i < READERS; i++) {
                Connection reader = connect(file);
                opened.add(reader);
                store.readers.add(reader);
            }
            store.writerThread.start();
            log.info("[STORE] opened={} schema={} next-id={} flush={}ms retention={}s max-per-room={}", file,
                    Schema.VERSION, next, settings.flush().toMillis(), settings.retention().toSeconds(),
                    settings.maxPerScope());
            return store;
        } catch (SQLException e) {
            closeAll(opened);
            throw new StoreOpenException(file, String.valueOf(e.getMessage()), e);
        } catch (Schema.NewerSchemaException e) {
            closeAll(opened);
            throw new StoreOpenException(file, e.getMessage(), e);
        }
    }

    private static Connection connect(Path file) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MILLIS));
        return DriverManager.getConnection("jdbc:sqlite:" + file, properties);
    }

    private static long nextId(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "SELECT max((SELECT value FROM counters WHERE name = 'next_message_id'),"
                             + " coalesce((SELECT max(id) FROM messages), 0) + 1)")) {
            return result.next() ? result.getLong(1) : 1;
        }
    }

    private static void closeAll(List<Connection> connections) {
        for (Connection connection : connections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing after a failed open: the first error is the one reported
            }
        }
    }

    public Path file() {
        return file;
    }

    /**
     * SQLite's own check of the database in {@code dataDirectory} ({@code PRAGMA integrity_check}):
     * {@code ok}, or what is wrong. For operators and tests, with the server stopped or running.
     */
    public static String integrityCheck(Path dataDirectory) throws SQLException {
        try (Connection connection = connect(dataDirectory.resolve(StoreSettings.DATABASE_FILE));
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            StringBuilder result = new StringBuilder();
            while (rows.next()) {
                result.append(result.isEmpty() ? "" : "; ").append(rows.getString(1));
            }
            return result.toString();
        }
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
            long id = nextId++;
            if (pending.size() >= MAX_PENDING) {
                overflowLost++; // the writer is stuck far behind: keep chatting, count the loss
                return id;
            }
            pending.add(new Pending(id, scope, sender, text, time.toEpochMilli(), System.nanoTime(), offline));
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

    /** Work on one connection (a reader's, or the writer's for {@link #onWriter}). */
    private interface Read<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Read<T> read) {
        Connection connection;
        try {
            connection = readers.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted waiting for a reader", e);
        }
        try {
            return read.run(connection);
        } catch (SQLException e) {
            throw new StoreException("cannot read " + file, e);
        } finally {
            readers.add(connection);
        }
    }

    /** Waits (bounded) until everything accepted before the call has been through the writer. */
    private void awaitWritten() {
        lock.lock();
        try {
            long mark = nextId - 1;
            if (writtenId >= mark) {
                return;
            }
            flushRequested = true;
            work.signal();
            long left = READ_WAIT_NANOS;
            while (writtenId < mark && !closing && left > 0) {
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
        return onWriter("purge " + scope, connection -> purgeNow(scope));
    }

    /** Runs {@code task} on the writer's connection, between batches, and waits for its answer. */
    private <T> T onWriter(String what, Read<T> task) {
        CompletableFuture<T> done = new CompletableFuture<>();
        lock.lock();
        try {
            if (closing) {
                throw new StoreException("the store is closed", null);
            }
            tasks.add(() -> {
                try {
                    done.complete(task.run(writer));
                } catch (SQLException | RuntimeException e) {
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
            throw new StoreException("interrupted: " + what, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StoreException("cannot " + what + " in " + file, e.getCause() == null ? e : e.getCause());
        }
    }

    /** Deletes a scope's rows in steps (each a short transaction), then what is kept of the room. */
    private long purgeNow(String scope) throws SQLException {
        long deleted = 0;
        int step;
        do {
            step = deleteStep("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE scope = ? ORDER BY id LIMIT ?)",
                    scope, DELETE_STEP);
            deleted += step;
        } while (step == DELETE_STEP);
        try (PreparedStatement delete = writer.prepareStatement("DELETE FROM rooms WHERE key = ?")) {
            delete.setString(1, scope);
            delete.executeUpdate();
        }
        return deleted;
    }

    private int deleteStep(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement delete = writer.prepareStatement(sql)) {
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
            long through = batch.isEmpty() ? -1 : batch.getLast().id();
            batch.clear();
            rooms.clear();
            jobs.clear();
            lock.lock();
            try {
                if (through > writtenId) {
                    writtenId = through;
                }
                if (pending.isEmpty()) {
                    writtenId = Math.max(writtenId, nextId - 1); // ids past the queue's limit were lost, not waited for
                }
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
        long started = System.nanoTime();
        try {
            writer.setAutoCommit(false);
            try {
                writeRooms(rooms);
                writeMessages(batch);
                writer.commit();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
            long elapsed = System.nanoTime() - started;
            commitTimes.record(elapsed);
            commitListener.accept(elapsed);
            committedMessages += batch.size();
            if (failing) {
                failing = false;
                log.info("[STORE] recovered lost={}", lostInEpisode);
                lostInEpisode = 0;
            }
        } catch (SQLException e) {
            lostMessages += batch.size();
            lostInEpisode += batch.size();
            if (!failing) {
                failing = true;
                log.error("[STORE] error={} file={} lost={} (history writes fail; the chat goes on)",
                        Quoted.json(String.valueOf(e.getMessage())), file, batch.size());
            }
        }
    }

    private void rollbackQuietly() {
        try {
            writer.rollback();
        } catch (SQLException ignored) {
            // the commit's own failure is what gets reported
        }
    }

    private void writeMessages(List<Pending> batch) throws SQLException {
        if (batch.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = writer.prepareStatement(
                "INSERT INTO messages (id, scope, time, sender, text) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement keep = writer.prepareStatement(
                     "INSERT INTO offline (id, recipient, time, sender, text) VALUES (?, ?, ?, ?, ?)")) {
            boolean messages = false;
            boolean kept = false;
            for (Pending message : batch) {
                PreparedStatement target = message.offline() ? keep : insert;
                target.setLong(1, message.id());
                target.setString(2, message.scope());
                target.setLong(3, message.timeMillis());
                target.setString(4, message.sender());
                target.setString(5, message.text());
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
        try (PreparedStatement counter = writer.prepareStatement(
                "UPDATE counters SET value = max(value, ?) WHERE name = 'next_message_id'")) {
            counter.setLong(1, batch.getLast().id() + 1);
            counter.executeUpdate();
        }
    }

    private void writeRooms(List<RoomWrite> rooms) throws SQLException {
        if (rooms.isEmpty()) {
            return;
        }
        try (PreparedStatement created = writer.prepareStatement(
                "INSERT INTO rooms (key, name) VALUES (?, ?) ON CONFLICT (key) DO NOTHING");
             PreparedStatement topic = writer.prepareStatement(
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
        private ArrayDeque<Map.Entry<String, Long>> overfull() throws SQLException {
            ArrayDeque<Map.Entry<String, Long>> scopes = new ArrayDeque<>();
            try (PreparedStatement query = writer.prepareStatement(
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

        /** Deletes at most one step of rows; false when the pass is done. */
        boolean step() throws SQLException {
            if (!agedDone) {
                int step = deleteStep("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE time < ? LIMIT ?)",
                        cutoffMillis, DELETE_STEP);
                deleted += step;
                agedDone = step < DELETE_STEP;
                return true;
            }
            if (overfull == null) {
                overfull = overfull();
            }
            Map.Entry<String, Long> scope = overfull.poll();
            if (scope == null) {
                return false;
            }
            long excess = scope.getValue();
            int step = deleteStep("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE scope = ? ORDER BY id LIMIT ?)",
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
        try {
            if (retention == null) {
                retention = new Retention();
            }
            if (!retention.step()) {
                if (retention.deleted > 0) {
                    log.info("[STORE] retention deleted={}", retention.deleted);
                }
                finishRetention();
            }
        } catch (SQLException e) {
            log.warn("[STORE] retention=failed error={}", Quoted.json(String.valueOf(e.getMessage())));
            finishRetention();
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
                while (rows.next()) {
                    long lastSeen = rows.getLong(5);
                    Instant seen = rows.wasNull() ? null : Instant.ofEpochMilli(lastSeen);
                    int reset = rows.getInt(7);
                    StoredAccount.Reset[] states = StoredAccount.Reset.values();
                    accounts.add(new StoredAccount(rows.getString(1), rows.getString(2), rows.getString(3),
                            Instant.ofEpochMilli(rows.getLong(4)), seen, rows.getInt(6) != 0,
                            states[Math.clamp(reset, 0, states.length - 1)]));
                }
            }
            return accounts;
        });
    }

    @Override
    public boolean create(StoredAccount account) {
        return onWriter("create an account", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (key, name, hash, created, last_seen, locked, reset) VALUES (?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (key) DO NOTHING")) {
                bindAccount(insert, account);
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean update(StoredAccount account) {
        return onWriter("update an account", connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET name = ?, hash = ?, last_seen = ?, locked = ?, reset = ? WHERE key = ?")) {
                update.setString(1, account.name());
                update.setString(2, account.hash());
                if (account.lastSeen() == null) {
                    update.setNull(3, java.sql.Types.INTEGER);
                } else {
                    update.setLong(3, account.lastSeen().toEpochMilli());
                }
                update.setInt(4, account.locked() ? 1 : 0);
                update.setInt(5, account.reset().ordinal());
                update.setString(6, account.key());
                return update.executeUpdate() == 1;
            }
        });
    }

    private static void bindAccount(PreparedStatement statement, StoredAccount account) throws SQLException {
        statement.setString(1, account.key());
        statement.setString(2, account.name());
        statement.setString(3, account.hash());
        statement.setLong(4, account.created().toEpochMilli());
        if (account.lastSeen() == null) {
            statement.setNull(5, java.sql.Types.INTEGER);
        } else {
            statement.setLong(5, account.lastSeen().toEpochMilli());
        }
        statement.setInt(6, account.locked() ? 1 : 0);
        statement.setInt(7, account.reset().ordinal());
    }

    @Override
    public boolean delete(String key) {
        awaitWritten(); // the mailbox goes too, with what was queued for it
        return onWriter("delete an account", connection -> {
            boolean wasAutoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement("DELETE FROM accounts WHERE key = ?");
                 PreparedStatement mailbox = connection.prepareStatement("DELETE FROM offline WHERE recipient = ?")) {
                account.setString(1, key);
                mailbox.setString(1, key);
                boolean deleted = account.executeUpdate() == 1;
                mailbox.executeUpdate();
                connection.commit();
                return deleted;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(wasAutoCommit);
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
        return onWriter("take a mailbox", connection -> {
            List<OfflineMessage> kept = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT id, time, sender, text FROM offline WHERE recipient = ? ORDER BY id")) {
                query.setString(1, recipientKey);
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        kept.add(new OfflineMessage(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2)),
                                rows.getString(3), rows.getString(4)));
                    }
                }
            }
            if (!kept.isEmpty()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM offline WHERE recipient = ? AND id <= ?")) {
                    delete.setString(1, recipientKey);
                    delete.setLong(2, kept.getLast().id());
                    delete.executeUpdate();
                }
            }
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

    /** Messages accepted but lost: failed commits, and appends past the writer's queue limit. */
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

    @Override
    public void onCommit(LongConsumer commitNanos) {
        commitListener = java.util.Objects.requireNonNull(commitNanos, "commitNanos");
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

    /** Commit times so far (each batch's transaction, from its first statement to its commit). */
    public CommitTimes commitTimes() {
        return commitTimes;
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
        List<Connection> all = new ArrayList<>(readers);
        all.add(writer);
        closeAll(all);
        log.info("[STORE] closed committed={} lost={}", committedMessages, lost());
    }
}
