package io.socketchat.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * One PostgreSQL database as this process uses it: a HikariCP pool of connections (which replaces
 * the ones a restart or a network fault broke) and a schema brought up to date at open.
 * {@link PostgresMessageStore} takes it, for history and accounts alike.
 */
public final class PostgresDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.store");

    /** The writer, and readers for HISTORY, JOIN and the console. */
    static final int POOL_SIZE = 4;
    /** How long a caller waits for a connection (the database down: a write is lost, a read fails after it). */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);
    private static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** A statement that hears nothing for this long fails (a database paused or cut off by the network). */
    private static final int SOCKET_TIMEOUT_SECONDS = 30;

    private final PostgresUrl url;
    private final HikariDataSource pool;
    private final int foundVersion;

    private PostgresDatabase(PostgresUrl url, HikariDataSource pool, int foundVersion) {
        this.url = url;
        this.pool = pool;
        this.foundVersion = foundVersion;
    }

    /**
     * Connects (one connection must succeed now) and brings the schema up to date.
     *
     * @throws StoreOpenException naming the URL without its password, when the database cannot be
     *                            reached, refuses the login, or is from a newer release
     */
    public static PostgresDatabase open(PostgresUrl url) throws StoreOpenException {
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(url));
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreOpenException(url, rootMessage(e), e);
        }
        try (Connection connection = pool.getConnection()) {
            int found = Schema.migrate(connection, url);
            return new PostgresDatabase(url, pool, found);
        } catch (SQLException e) {
            pool.close();
            throw new StoreOpenException(url, rootMessage(e), e);
        } catch (Schema.NewerSchemaException e) {
            pool.close();
            throw new StoreOpenException(url, e.getMessage(), e);
        }
    }

    private static HikariConfig poolConfig(PostgresUrl url) {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setServerNames(new String[] {url.host()});
        source.setPortNumbers(new int[] {url.port()});
        source.setDatabaseName(url.database());
        source.setUser(url.user());
        source.setPassword(url.password());
        source.setApplicationName("socketchat");
        source.setConnectTimeout(CONNECT_TIMEOUT_SECONDS);
        source.setSocketTimeout(SOCKET_TIMEOUT_SECONDS);
        // One multi-row INSERT per batch instead of a statement per message.
        source.setReWriteBatchedInserts(true);
        // The server's error detail can quote row values (message text): keep it out of exceptions, hence logs.
        source.setLogServerErrorDetail(false);
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("chat-store");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setInitializationFailTimeout(1); // try once at open: unreachable is an error at start
        return config;
    }

    /**
     * The innermost cause's first line: the driver's own words ("Connection to ... refused",
     * "password authentication failed ..."), never the statement of a failed batch, which the
     * driver quotes with its values (message text) and which must not reach a log.
     */
    static String rootMessage(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        String line = message.lines().findFirst().orElse(message).strip();
        if (line.startsWith("Batch entry")) {
            int reason = line.indexOf("was aborted: ");
            return reason < 0 ? "a batch insert was aborted" : line.substring(reason + "was aborted: ".length());
        }
        return line;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public PostgresUrl url() {
        return url;
    }

    /** The schema version the database had before this open migrated it (0: it was empty). */
    public int foundSchemaVersion() {
        return foundVersion;
    }

    @Override
    public void close() {
        pool.close();
        log.debug("[STORE] pool=closed url={}", url);
    }
}
