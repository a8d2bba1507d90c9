package io.socketchat.store.postgres;

import java.io.Serial;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as numbered migrations, parallel to the SQLite store's (migration N adds here what
 * it adds there, in PostgreSQL's types); the table {@code schema_version} records how many ran.
 * A later version appends to {@link #MIGRATIONS}, never edits one.
 *
 * <p>Nodes of a cluster may start at once: the whole check and every migration run in one
 * transaction under an advisory lock, so exactly one node migrates and the others then see the
 * new version (PostgreSQL's DDL is transactional).
 */
final class Schema {

    /** Migration {@code i + 1} is {@code MIGRATIONS.get(i)}. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    // id: made by the node that accepted the message (see MessageIds), never reused.
                    "CREATE TABLE messages (id bigint PRIMARY KEY, scope text NOT NULL, time bigint NOT NULL,"
                            + " sender text NOT NULL, text text NOT NULL)",
                    "CREATE INDEX messages_by_scope ON messages (scope, id)",
                    "CREATE INDEX messages_by_time ON messages (time)",
                    "CREATE TABLE rooms (key text PRIMARY KEY, name text NOT NULL, topic text, topic_setter text,"
                            + " topic_time bigint)",
                    // The newest id handed out survives deleting the newest rows (a purge, retention).
                    "CREATE TABLE counters (name text PRIMARY KEY, value bigint NOT NULL)",
                    "INSERT INTO counters (name, value) VALUES ('next_message_id', 1)",
                    // Each opening store takes a number from here for its ids' node bits.
                    "CREATE SEQUENCE message_id_slots"),
            List.of(
                    // Accounts: key is Usernames.key of the name (unique ignoring case and Unicode
                    // form), so two nodes registering one name at once cannot both succeed; hash
                    // carries its own parameters; reset is StoredAccount.Reset's ordinal.
                    "CREATE TABLE accounts (key text PRIMARY KEY, name text NOT NULL, hash text NOT NULL,"
                            + " created bigint NOT NULL, last_seen bigint, locked boolean NOT NULL DEFAULT false,"
                            + " reset smallint NOT NULL DEFAULT 0)",
                    // DMs kept for an account that was offline, until its next AUTH on any node. Their
                    // ids come from the message ids, so a reader waits for them as for messages.
                    "CREATE TABLE offline (id bigint PRIMARY KEY, recipient text NOT NULL, time bigint NOT NULL,"
                            + " sender text NOT NULL, text text NOT NULL)",
                    "CREATE INDEX offline_by_recipient ON offline (recipient, id)"));

    static final int VERSION = MIGRATIONS.size();

    /** pg_advisory_xact_lock key of the migration (an arbitrary constant: "SCHEMA" in ASCII). */
    private static final long MIGRATION_LOCK = 0x534348454D41L;

    private Schema() {
    }

    /**
     * Brings the database up to {@link #VERSION}; refuses one a newer release wrote.
     *
     * @return the version found before migrating (0 for an empty database)
     */
    static int migrate(Connection connection, PostgresUrl where) throws SQLException, NewerSchemaException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + MIGRATION_LOCK + ")");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)");
            int current;
            try (ResultSet result = statement.executeQuery("SELECT max(version) FROM schema_version")) {
                current = result.next() ? result.getInt(1) : 0;
            }
            if (current > VERSION) {
                throw new NewerSchemaException("the database " + where + " has schema version " + current
                        + ", written by a newer SocketChat; this one knows up to version " + VERSION);
            }
            for (int version = current + 1; version <= VERSION; version++) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    statement.execute(sql);
                }
            }
            if (current < VERSION) {
                statement.execute("DELETE FROM schema_version");
                statement.execute("INSERT INTO schema_version (version) VALUES (" + VERSION + ")");
            }
            connection.commit();
            return current;
        } catch (SQLException | NewerSchemaException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** The database is from a newer release: starting would risk its data. */
    static final class NewerSchemaException extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        NewerSchemaException(String message) {
            super(message);
        }
    }
}
