package io.socketchat.store.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema as numbered migrations; {@code PRAGMA user_version} records how many ran. A
 * later version appends to {@link #MIGRATIONS} (accounts, direct messages), never edits one.
 */
final class Schema {

    /** Migration {@code i + 1} is {@code MIGRATIONS.get(i)}: statements run in one transaction. */
    static final List<List<String>> MIGRATIONS = List.of(
            List.of(
                    // id is the rowid: assigned by the server in accepted order, never reused.
                    "CREATE TABLE messages (id INTEGER PRIMARY KEY, scope TEXT NOT NULL, time INTEGER NOT NULL,"
                            + " sender TEXT NOT NULL, text TEXT NOT NULL)",
                    "CREATE INDEX messages_by_scope ON messages (scope, id)",
                    "CREATE INDEX messages_by_time ON messages (time)",
                    "CREATE TABLE rooms (key TEXT PRIMARY KEY, name TEXT NOT NULL, topic TEXT, topic_setter TEXT,"
                            + " topic_time INTEGER)",
                    // The next id survives deleting the newest rows (a purge, retention).
                    "CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
                    "INSERT INTO counters (name, value) VALUES ('next_message_id', 1)"),
            List.of(
                    // Accounts: key is Usernames.key of the name (unique ignoring case and Unicode
                    // form); hash carries its own parameters; reset is StoredAccount.Reset's ordinal.
                    "CREATE TABLE accounts (key TEXT PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL,"
                            + " created INTEGER NOT NULL, last_seen INTEGER, locked INTEGER NOT NULL DEFAULT 0,"
                            + " reset INTEGER NOT NULL DEFAULT 0)",
                    // DMs kept for an account that was offline, until its next AUTH. Their ids come
                    // from the message sequence, so a reader waits for them as for messages.
                    "CREATE TABLE offline (id INTEGER PRIMARY KEY, recipient TEXT NOT NULL, time INTEGER NOT NULL,"
                            + " sender TEXT NOT NULL, text TEXT NOT NULL)",
                    "CREATE INDEX offline_by_recipient ON offline (recipient, id)"));

    static final int VERSION = MIGRATIONS.size();

    private Schema() {
    }

    /** Brings the database up to {@link #VERSION}; refuses one a newer release wrote. */
    static void migrate(Connection connection, String where) throws SQLException, NewerSchemaException {
        int current;
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("PRAGMA user_version")) {
            current = result.next() ? result.getInt(1) : 0;
        }
        if (current > VERSION) {
            throw new NewerSchemaException("the database " + where + " has schema version " + current
                    + ", written by a newer SocketChat; this one knows up to version " + VERSION);
        }
        for (int version = current + 1; version <= VERSION; version++) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (String sql : MIGRATIONS.get(version - 1)) {
                    statement.execute(sql);
                }
                statement.execute("PRAGMA user_version = " + version);
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    /** The database is from a newer release: starting would risk its data. */
    static final class NewerSchemaException extends Exception {
        NewerSchemaException(String message) {
            super(message);
        }
    }
}
