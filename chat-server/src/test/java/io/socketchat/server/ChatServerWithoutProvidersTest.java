package io.socketchat.server;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The core knows no command by name: on chat-server's own module path there is no provider of
 * the command SPI, so discovery finds nothing and the server answers every word unknown.
 * (chat-commands' tests show the same discovery finding the built-ins.)
 */
class ChatServerWithoutProvidersTest {

    private static ServerConfig loopback() {
        return ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
    }

    @Test
    void discoveryFindsNoCommandWithoutProviders() {
        assertThat(ChatServer.discoverCommands()).isEmpty();
        assertThat(ChatServer.discoverCommands(ModuleLayer.boot())).isEmpty();
    }

    @Test
    void aServerStartedWithWhatDiscoveryFoundKnowsNoCommand() throws Exception {
        try (ChatServer server = ChatServer.start(loopback(), ChatServer.discoverCommands());
             TestClient client = TestClient.connect(server.port())) {
            assertThat(server.commands()).isEmpty();
            client.send("PING");
            assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
            client.send("LOGIN bob");
            assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
        }
    }

    static final class Hello implements CommandHandler {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("hello").permitBeforeLogin();
        }

        @Override
        public void handle(CommandContext context) {
            context.reply("HI");
        }
    }

    static final class OtherHello implements CommandHandler {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("HELLO");
        }

        @Override
        public void handle(CommandContext context) {
            context.reply("HI AGAIN");
        }
    }

    @Test
    void onlyTheHandlersGivenToStartAreServed() throws Exception {
        try (ChatServer server = ChatServer.start(loopback(), List.of(new Hello()));
             TestClient client = TestClient.connect(server.port())) {
            assertThat(server.commands()).containsOnlyKeys("HELLO");
            client.send("Hello");
            assertThat(client.readLine()).isEqualTo("HI");
            client.send("PING");
            assertThat(client.readLine()).isEqualTo("ERR unknown-cmd");
        }
    }

    @Test
    void twoHandlersForOneWordStopTheStartNamingBothAndBindNothing() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        ServerConfig config = loopback().toBuilder().port(port).build();
        assertThatThrownBy(() -> ChatServer.start(config, List.of(new Hello(), new OtherHello())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Hello.class.getName())
                .hasMessageContaining(OtherHello.class.getName());
        // The port stayed free: the table is checked before anything is bound.
        try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }
}
