/**
 * The history of one node in an embedded SQLite database: one file in the data directory, in
 * WAL mode, written by one batching writer thread so that the message path never waits for
 * the disk. The JVM needs {@code --enable-native-access=org.xerial.sqlitejdbc}.
 */
module io.socketchat.store.sqlite {
    requires transitive io.socketchat.server;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.slf4j;

    exports io.socketchat.store.sqlite;
}
