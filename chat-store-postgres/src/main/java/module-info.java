/**
 * History and accounts shared by the nodes of a cluster, in PostgreSQL: {@link io.socketchat.store.postgres.PostgresDatabase}
 * is the pool (HikariCP) and the schema, opened once per process; {@link io.socketchat.store.postgres.PostgresMessageStore}
 * is the {@code MessageStore} and the {@code AccountStore} on it, with one batching writer per
 * node so that the message path never waits for the network.
 */
module io.socketchat.store.postgres {
    requires transitive io.socketchat.server;
    requires java.sql;
    requires com.zaxxer.hikari;
    // An automatic module (the driver's jar names it in its manifest); the data source is built
    // directly, so no driver lookup by name and no reflection.
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports io.socketchat.store.postgres;
}
