package io.socketchat.server;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What config() reports follows the live changes: one owner for the settings in force. */
class LiveSettingsTest {

    @Test
    void configReportsThePortListenedOnAndTheIdleTimeoutAsChangedLive() throws Exception {
        ServerConfig start = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (ChatServer server = ChatServer.start(start, List.of())) {
            assertThat(server.config().port()).as("the port bound, not 0").isEqualTo(server.port()).isPositive();
            int free;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                free = probe.getLocalPort();
            }
            server.changePort(free);
            server.setIdleTimeout(Duration.ofSeconds(7));
            assertThat(server.config().port()).isEqualTo(free);
            assertThat(server.config().idleTimeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(server.config().maxLineBytes()).isEqualTo(start.maxLineBytes());
        }
    }

    @Test
    void loweredConnectionLimitsRefuseTheNextConnectionAndConfigReportsThem() throws Exception {
        ServerConfig start = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (ChatServer server = ChatServer.start(start, List.of());
             TestClient first = TestClient.connect(server.port())) {
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().openConnections() == 1);
            server.setConnectionLimits(1, 3);
            try (TestClient second = TestClient.connect(server.port())) {
                assertThat(second.readLine()).isEqualTo("ERR server-full");
            }
            assertThat(server.config().maxClients()).isEqualTo(1);
            assertThat(server.config().maxPerIp()).isEqualTo(3);
            assertThat(server.stats().openConnections()).as("the open connection stays").isEqualTo(1);
        }
    }

    @Test
    void aShorterLoginTimeoutEndsAConnectionThatHasNotLoggedIn() throws Exception {
        ServerConfig start = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (ChatServer server = ChatServer.start(start, List.of())) {
            server.setLoginTimeout(Duration.ofMillis(300));
            try (TestClient silent = TestClient.connect(server.port())) {
                assertThat(silent.readLine()).isEqualTo("ERR login-timeout");
            }
            assertThat(server.config().loginTimeout()).isEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void floodControlChangedLiveIsReportedAndCanBeTurnedOff() throws Exception {
        ServerConfig start = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (ChatServer server = ChatServer.start(start, List.of())) {
            server.setFloodControl(0, 5);
            assertThat(server.config().floodRate()).isZero();
            assertThat(server.config().limitsFloods()).isFalse();
            assertThat(server.config().floodBurst()).isEqualTo(5);
        }
    }
}
