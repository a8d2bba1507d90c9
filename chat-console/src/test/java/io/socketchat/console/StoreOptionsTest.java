package io.socketchat.console;

import io.socketchat.store.postgres.PostgresUrl;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** --store and CHAT_STORE: SQLite by default, a PostgreSQL URL parsed without its password ever shown, the cluster rule. */
class StoreOptionsTest {

    private static final String URL = "postgresql://chat:s3cr%40t@db.example:6543/socketchat";

    @Test
    void sqliteIsTheDefaultAndCanBeNamed() {
        assertThat(CommandLines.parsed(Map.of()).storage.choice()).isEqualTo(new StoreOptions.Sqlite());
        assertThat(CommandLines.parsed(Map.of(), "--store", "sqlite").storage.choice()).isEqualTo(new StoreOptions.Sqlite());
        assertThat(CommandLines.parsed(Map.of("CHAT_STORE", "SQLite")).storage.choice()).isEqualTo(new StoreOptions.Sqlite());
    }

    @Test
    void aPostgresqlUrlFromTheFlagOrTheVariable() {
        PostgresUrl expected = new PostgresUrl("db.example", 6543, "socketchat", "chat", "s3cr@t");
        assertThat(CommandLines.parsed(Map.of(), "--store", URL).storage.choice()).isEqualTo(new StoreOptions.Postgres(expected));
        assertThat(CommandLines.parsed(Map.of("CHAT_STORE", URL)).storage.choice()).isEqualTo(new StoreOptions.Postgres(expected));
        assertThat(CommandLines.parsed(Map.of("CHAT_STORE", URL)).storage.choice().describe())
                .isEqualTo("postgresql://chat@db.example:6543/socketchat");
    }

    @Test
    void aBadValueIsOneLineNamingTheFlagOrVariableWithoutThePassword() {
        String line = CommandLines.execute(Map.of(), "--store", "postgresql://chat:s3cret@db.example:6543").onlyErrorLine();
        assertThat(line).startsWith("chat-server: ").contains("--store", "no database").doesNotContain("s3cret");
        line = CommandLines.execute(Map.of("CHAT_STORE", "mysql://chat:s3cret@db/x")).onlyErrorLine();
        assertThat(line).contains("CHAT_STORE", "postgresql://").doesNotContain("s3cret");
        assertThat(CommandLines.execute(Map.of(), "--store", "redis://h").exitCode()).isEqualTo(2);
    }

    @Test
    void theConfigCommandShowsTheStoreWithoutItsPassword() {
        CommandLines.Outcome outcome = CommandLines.execute(Map.of("CHAT_STORE", URL), "config");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).contains("store = postgresql://chat@db.example:6543/socketchat").doesNotContain("s3cr");
    }

    @Test
    void aClusterNeedsTheSharedStore() {
        StoreOptions sqlite = CommandLines.parsed(Map.of()).storage;
        assertThatThrownBy(() -> sqlite.requireSharedStore(true, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a cluster needs --store postgresql://");
        sqlite.requireSharedStore(false, false);
        sqlite.requireSharedStore(true, true); // nothing kept anywhere: nothing to share
        CommandLines.parsed(Map.of(), "--store", URL).storage.requireSharedStore(true, false);
    }

    @Test
    void helpExplainsTheOption() {
        String help = ServerCommand.commandLine(Map.of()).getUsageMessage();
        assertThat(help).contains("--store", "CHAT_STORE", "postgresql://USER:PASSWORD@HOST:PORT/DB", "never logged");
    }

}
