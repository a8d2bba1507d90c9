package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.server.spi.CommandHandler;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-ins reach the server only through ServiceLoader: with this module on the module
 * path, discovery finds exactly its providers (chat-server's own tests show discovery
 * finding none without it).
 */
class CommandDiscoveryTest {

    @Test
    void discoveryFindsExactlyTheFifteenBuiltInsFromThisModule() {
        List<CommandHandler> handlers = ChatServer.discoverCommands();
        assertThat(handlers).extracting(handler -> handler.spec().word())
                .containsExactlyInAnyOrder("LOGIN", "MSG", "DM", "WHO", "PING", "JOIN", "PART", "SAY", "TOPIC", "ROOMS",
                        "HISTORY", "REGISTER", "AUTH", "PASSWORD", "UNREGISTER");
        assertThat(handlers).allSatisfy(handler ->
                assertThat(handler.getClass().getModule().getName()).isEqualTo("io.socketchat.commands"));
        assertThat(ChatServer.discoverCommands(ModuleLayer.boot())).hasSize(15);
    }

    @Test
    void theBuiltInsDeclareTheirLoginAndUsageRules() {
        List<CommandHandler> handlers = ChatServer.discoverCommands();
        assertThat(handlers).filteredOn(handler -> handler.spec().allowedBeforeLogin())
                .extracting(handler -> handler.spec().word()).containsExactlyInAnyOrder("LOGIN", "AUTH", "PING");
        assertThat(handlers).filteredOn(handler -> handler.spec().word().equals("DM"))
                .singleElement().satisfies(dm -> assertThat(dm.spec().usage()).isEqualTo("DM <username> <text>"));
        assertThat(handlers).filteredOn(handler -> handler.spec().word().equals("MSG"))
                .singleElement().satisfies(msg -> assertThat(msg.spec().usage()).isEqualTo("MSG <text>"));
    }

    @Test
    void theModuleProvidesTheSpiAndExportsNothing() {
        Module commands = CommandDiscoveryTest.class.getModule();
        assertThat(commands.getName()).isEqualTo("io.socketchat.commands");
        assertThat(commands.getDescriptor().provides()).singleElement().satisfies(provides -> {
            assertThat(provides.service()).isEqualTo(CommandHandler.class.getName());
            assertThat(provides.providers()).hasSize(15);
        });
        assertThat(commands.getDescriptor().exports()).isEmpty();
    }
}
