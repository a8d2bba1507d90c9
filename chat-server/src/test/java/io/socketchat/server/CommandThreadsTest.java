package io.socketchat.server;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a command runs is what its spec declares, whatever module it comes from. */
class CommandThreadsTest {

    /** Replies with the kind and name of the thread it runs on. */
    private record WhereAmI(CommandSpec spec) implements CommandHandler {
        @Override
        public void handle(CommandContext context) {
            Thread thread = Thread.currentThread();
            context.reply((thread.isVirtual() ? "virtual" : "platform") + " " + thread.getName());
        }
    }

    @Test
    void aNonBlockingCommandRunsOnTheIoLoopAndAnyOtherOnTheConnectionsVirtualThread() throws Exception {
        List<CommandHandler> handlers = List.of(
                new WhereAmI(CommandSpec.of("FAST").permitBeforeLogin().markNonBlocking()),
                new WhereAmI(CommandSpec.of("SLOW").permitBeforeLogin()));
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        try (ChatServer server = ChatServer.start(config, handlers);
             TestClient client = TestClient.connect(server.port())) {
            client.send("FAST");
            assertThat(client.readLine()).startsWith("platform chat-io-");
            client.send("SLOW");
            assertThat(client.readLine()).startsWith("virtual");
            client.send("FAST");
            assertThat(client.readLine()).as("back on the loop once the virtual thread is done")
                    .matches("(platform chat-io-|virtual).*");
        }
    }

    @Test
    void theSpecKeepsItsDeclarationThroughItsOtherSetters() {
        CommandSpec spec = CommandSpec.of("X").markNonBlocking().withMinArguments(1, "X <y>").permitBeforeLogin();
        assertThat(spec.nonBlocking()).isTrue();
        assertThat(new CommandSpec("Y", 0, false, "Y").nonBlocking()).isFalse();
    }
}
