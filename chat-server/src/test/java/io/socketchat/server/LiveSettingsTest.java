package io.socketchat.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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
}
