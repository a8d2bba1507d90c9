package io.socketchat.testkit;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The PostgreSQL fixture runs a real server of its own, keeps its data across stop and start, and cleans up. */
class PostgresServerTest {

    @Test
    void runsItsOwnServerOnAFreeLoopbackPortKeepsDataAcrossARestartAndDeletesItsDirectory() {
        Path directory;
        try (PostgresServer server = PostgresServer.launch()) {
            directory = server.directory();
            int port = server.port();
            assertThat(port).isNotEqualTo(5432);
            assertThat(listening(port)).isTrue();
            assertThat(server.url()).startsWith("postgresql://socketchat:").endsWith("@127.0.0.1:" + port + "/chat");
            server.psql("CREATE TABLE kept (n integer); INSERT INTO kept VALUES (42)");

            server.stop();
            assertThat(listening(port)).isFalse();
            assertThatThrownBy(() -> server.psql("SELECT 1")).isInstanceOf(IllegalStateException.class);

            server.start();
            assertThat(server.port()).isEqualTo(port);
            server.psql("DO $$ BEGIN IF (SELECT n FROM kept) <> 42 THEN RAISE 'lost'; END IF; END $$");
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void twoServersRunSideBySide() {
        try (PostgresServer one = PostgresServer.launch(); PostgresServer two = PostgresServer.launch()) {
            assertThat(one.port()).isNotEqualTo(two.port());
            one.psql("CREATE TABLE only_here (n integer)");
            assertThatThrownBy(() -> two.psql("SELECT * FROM only_here")).isInstanceOf(IllegalStateException.class);
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
