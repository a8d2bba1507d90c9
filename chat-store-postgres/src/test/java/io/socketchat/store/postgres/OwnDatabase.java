package io.socketchat.store.postgres;

import io.socketchat.testkit.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A real PostgreSQL for a test class, and a database of its own for each test. */
abstract class OwnDatabase {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    static PostgresServer server;
    String database;
    PostgresUrl url;

    @BeforeAll
    static void startPostgres() {
        server = PostgresServer.launch();
    }

    @AfterAll
    static void stopPostgres() {
        server.close();
    }

    @BeforeEach
    void ownDatabase() {
        if (!server.running()) {
            server.start(); // a test that stopped it failed before starting it again
        }
        database = getClass().getSimpleName().toLowerCase(Locale.ROOT) + "_" + DATABASES.incrementAndGet();
        server.createDatabase(database);
        url = PostgresUrl.parse(server.url(database));
    }

    PostgresMessageStore open() throws StoreOpenException {
        return PostgresMessageStore.open(url, HistorySettings.DEFAULTS);
    }
}
