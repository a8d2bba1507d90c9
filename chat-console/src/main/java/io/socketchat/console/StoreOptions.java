package io.socketchat.console;

import io.socketchat.server.store.MessageStore;
import io.socketchat.store.postgres.HistorySettings;
import io.socketchat.store.postgres.PostgresMessageStore;
import io.socketchat.store.postgres.PostgresUrl;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.io.Serial;

/**
 * Where history is kept ({@code --store}), mixed into {@code chat-server}'s options: SQLite in
 * {@code --data-dir} (one node's own, the default) or a PostgreSQL database that the nodes of a
 * cluster share. The password in a PostgreSQL URL is never logged or shown.
 */
public final class StoreOptions {

    static final String OPTION = "--store";
    static final String SQLITE = "sqlite";

    /** Where history goes, as {@code --store} says. */
    sealed interface Choice {
        /** As shown to the operator (no password). */
        String describe();
    }

    /** SQLite in {@code --data-dir}. */
    record Sqlite() implements Choice {
        @Override
        public String describe() {
            return SQLITE;
        }
    }

    /** A PostgreSQL database. */
    record Postgres(PostgresUrl url) implements Choice {
        @Override
        public String describe() {
            return url.toString();
        }

        @Override
        public String toString() {
            return describe();
        }
    }

    @Option(names = OPTION, converter = ChoiceConverter.class, defaultValue = SQLITE,
            paramLabel = "sqlite|postgresql://USER:PASSWORD@HOST:PORT/DB",
            description = "Where history is kept: 'sqlite' for a database in --data-dir (one node's own), or a"
                    + " PostgreSQL database that every node of a cluster shares (the password is never logged;"
                    + " percent-encode ':', '@' and '/' in it). An unreachable database stops the start"
                    + " (env CHAT_STORE; default ${DEFAULT-VALUE}).")
    Choice choice;

    Choice choice() {
        return choice;
    }

    /**
     * The rule of a cluster: its nodes must share their history, so SQLite (one node's file) is
     * refused. {@code --no-history} is allowed: no node keeps anything.
     *
     * @throws IllegalArgumentException saying what to set, when {@code clustered} and the store is SQLite
     */
    void requireSharedStore(boolean clustered, boolean noHistory) {
        if (clustered && !noHistory && choice instanceof Sqlite) {
            throw new IllegalArgumentException("a cluster needs --store postgresql://USER:PASSWORD@HOST:PORT/DB"
                    + " (env CHAT_STORE): SQLite history is one node's own");
        }
    }

    /**
     * Opens the chosen store, or none with {@code noHistory}.
     *
     * @param sqlite the history settings of the flags, in SQLite's form (the data directory is used only for SQLite)
     * @throws CannotOpen after logging it, with the one line for stderr
     */
    MessageStore open(boolean noHistory, StoreSettings sqlite) throws CannotOpen {
        Logger log = LoggerFactory.getLogger("io.socketchat.console");
        if (noHistory) {
            return MessageStore.none();
        }
        return switch (choice) {
            case Sqlite ignored -> {
                try {
                    yield SqliteStore.open(sqlite);
                } catch (io.socketchat.store.sqlite.StoreOpenException e) {
                    log.error("[ERROR] cannot open history path={} cause=\"{}\"", e.path(), e.getMessage());
                    throw new CannotOpen(e.getMessage());
                }
            }
            case Postgres postgres -> {
                HistorySettings settings = new HistorySettings(sqlite.flush(), sqlite.retention(), sqlite.maxPerScope(),
                        sqlite.retentionPeriod());
                try {
                    yield PostgresMessageStore.open(postgres.url(), settings);
                } catch (io.socketchat.store.postgres.StoreOpenException e) {
                    log.error("[ERROR] cannot open history url={} cause=\"{}\"", e.url(), e.getMessage());
                    throw new CannotOpen(e.getMessage());
                }
            }
        };
    }

    /** The value of {@code --store} as {@code chat-server config} prints it: without the password. */
    static String printable(String value) {
        if (!PostgresUrl.looksLikeOne(value)) {
            return value;
        }
        try {
            return PostgresUrl.parse(value).toString();
        } catch (IllegalArgumentException e) {
            return "(invalid postgresql:// URL)";
        }
    }

    /** The store could not be opened at start; the message is the one line for stderr (no password). */
    static final class CannotOpen extends Exception {
        @Serial
        private static final long serialVersionUID = 1L;

        CannotOpen(String message) {
            super(message);
        }
    }

    /** {@code sqlite} or a PostgreSQL URL; an error never repeats the value (it may hold a password). */
    static final class ChoiceConverter implements ITypeConverter<Choice> {
        @Override
        public Choice convert(String value) {
            String text = value.strip();
            if (text.equalsIgnoreCase(SQLITE)) {
                return new Sqlite();
            }
            if (!PostgresUrl.looksLikeOne(text)) {
                throw new TypeConversionException("expected 'sqlite' or postgresql://USER:PASSWORD@HOST:PORT/DB");
            }
            try {
                return new Postgres(PostgresUrl.parse(text));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
