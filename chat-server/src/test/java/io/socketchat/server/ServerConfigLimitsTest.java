package io.socketchat.server;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServerConfigLimitsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        ServerConfig config = ServerConfig.builder().build();

        assertThat(config.maxClients()).isEqualTo(ServerConfig.defaultMaxClients());
        assertThat(config.maxPerIp()).isEqualTo(50);
        assertThat(config.exempt()).extracting(Cidr::toString).containsExactly("127.0.0.0/8", "0:0:0:0:0:0:0:1/128");
        assertThat(config.loginTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.floodRate()).isEqualTo(10);
        assertThat(config.floodBurst()).isEqualTo(40);
        assertThat(config.limitsFloods()).isTrue();
    }

    @Test
    void aFloodRateOfZeroTurnsFloodControlOffAndToBuilderKeepsEverything() {
        ServerConfig config = ServerConfig.builder().floodRate(0).maxPerIp(2).exempt(List.of())
                .loginTimeout(Duration.ofMillis(1500)).maxClients(7).floodBurst(3).build();

        assertThat(config.limitsFloods()).isFalse();
        assertThat(config.toBuilder().build()).isEqualTo(config);
    }

    @Test
    void limitsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> ServerConfig.builder().maxClients(0).build()).hasMessageContaining("maxClients");
        assertThatThrownBy(() -> ServerConfig.builder().maxPerIp(0).build()).hasMessageContaining("maxPerIp");
        assertThatThrownBy(() -> ServerConfig.builder().floodRate(-1).build()).hasMessageContaining("floodRate");
        assertThatThrownBy(() -> ServerConfig.builder().floodBurst(0).build()).hasMessageContaining("floodBurst");
        assertThatThrownBy(() -> ServerConfig.builder().loginTimeout(Duration.ZERO).build())
                .hasMessageContaining("loginTimeout");
    }
}
