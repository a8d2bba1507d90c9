package io.socketchat.server;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig config = ServerConfig.builder().build();
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxLineBytes()).isEqualTo(64 * 1024);
        assertThat(config.sendQueueBytes()).isEqualTo(1024 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void toBuilderKeepsEveryValue() {
        ServerConfig config = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .idleTimeout(Duration.ofMillis(1500))
                .maxLineBytes(100)
                .sendQueueBytes(1000)
                .shutdownGrace(Duration.ofSeconds(1))
                .build();
        assertThat(config.toBuilder().build()).isEqualTo(config);
        assertThat(config.socketAddress().getPort()).isZero();
        assertThat(config.socketAddress().getAddress()).isEqualTo(InetAddress.getLoopbackAddress());
    }

    @Test
    void portMustBeInRange() {
        assertThat(ServerConfig.builder().port(65535).build().port()).isEqualTo(65535);
        assertThatThrownBy(() -> ServerConfig.builder().port(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> ServerConfig.builder().port(65536).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
    }

    @Test
    void durationsMustBePositive() {
        assertThatThrownBy(() -> ServerConfig.builder().idleTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> ServerConfig.builder().idleTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> ServerConfig.builder().idleTimeout(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> ServerConfig.builder().shutdownGrace(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shutdownGrace");
    }

    @Test
    void sizesMustBeSensible() {
        assertThat(ServerConfig.builder().maxLineBytes(16).sendQueueBytes(16).build().maxLineBytes()).isEqualTo(16);
        assertThatThrownBy(() -> ServerConfig.builder().maxLineBytes(15).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxLineBytes");
        assertThatThrownBy(() -> ServerConfig.builder().maxLineBytes(1000).sendQueueBytes(999).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sendQueueBytes");
    }

    @Test
    void aBindAddressIsRequired() {
        assertThatThrownBy(() -> ServerConfig.builder().bindAddress(null).build())
                .isInstanceOf(NullPointerException.class).hasMessageContaining("bindAddress");
    }
}
