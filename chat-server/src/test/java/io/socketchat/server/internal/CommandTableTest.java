package io.socketchat.server.internal;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CommandTableTest {

    /** Answers its word and arguments, so a test sees that (and how) it ran. */
    static class Echo implements CommandHandler {
        private final CommandSpec spec;

        Echo(CommandSpec spec) {
            this.spec = spec;
        }

        @Override
        public CommandSpec spec() {
            return spec;
        }

        @Override
        public void handle(CommandContext context) {
            context.reply("RAN " + context.word() + " " + context.arguments(5));
        }
    }

    static final class FirstPing extends Echo {
        FirstPing() {
            super(CommandSpec.of("ping").permitBeforeLogin());
        }
    }

    static final class SecondPing extends Echo {
        SecondPing() {
            super(CommandSpec.of("PING"));
        }
    }

    static final class Boom implements CommandHandler {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("BOOM").permitBeforeLogin();
        }

        @Override
        public void handle(CommandContext context) {
            throw new IllegalStateException("handler failed on purpose");
        }
    }

    private final CommandTable table = CommandTable.of(List.of(
            new FirstPing(),
            new Echo(CommandSpec.of("HELLO")),
            new Echo(CommandSpec.of("DM").withMinArguments(2, "DM <username> <text>")),
            new Echo(CommandSpec.of("OPEN").permitBeforeLogin().withMinArguments(1, "OPEN <thing>")),
            new Boom()));
    private final Hub hub = new Hub(table);

    @Test
    void twoHandlersClaimingOneWordFailNamingBothClasses() {
        assertThatThrownBy(() -> CommandTable.of(List.of(new FirstPing(), new SecondPing())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PING")
                .hasMessageContaining(FirstPing.class.getName())
                .hasMessageContaining(SecondPing.class.getName())
                .hasMessageContaining("(io.socketchat.server)");
    }

    @Test
    void specsAreSortedByUpperCaseWord() {
        assertThat(table.specs().keySet()).containsExactly("BOOM", "DM", "HELLO", "OPEN", "PING");
        assertThat(table.specs().get("PING").allowedBeforeLogin()).isTrue();
    }

    @Test
    void anUnknownWordIsAnsweredUnknownCmd() {
        Sessions.Opened client = Sessions.open(hub);
        client.line("FROB x");
        await().until(() -> client.transport().lines().equals(List.of("ERR unknown-cmd")));
    }

    @Test
    void aCommandNotAllowedBeforeLoginIsRefusedWithoutRunningIt() {
        Sessions.Opened client = Sessions.open(hub);
        client.line("HELLO");
        client.line("DM bob hi");
        client.line("ping");
        await().until(() -> client.transport().lines().size() == 3);
        assertThat(client.transport().lines()).containsExactly("ERR not-logged-in", "ERR not-logged-in", "RAN PING []");
    }

    @Test
    void tooFewArgumentsAreAnsweredWithTheUsageAndTheHandlerDoesNotRun() {
        Sessions.Opened client = loggedIn("ann");
        client.line("DM");
        client.line("DM bob");
        client.line("DM bob hi  there");
        await().until(() -> client.transport().lines().size() == 4);
        assertThat(client.transport().lines()).containsExactly(
                "OK", "ERR usage: DM <username> <text>", "ERR usage: DM <username> <text>", "RAN DM [bob, hi, there]");
    }

    @Test
    void theUsageCheckAlsoAppliesBeforeLoginToCommandsAllowedThen() {
        Sessions.Opened client = Sessions.open(hub);
        client.line("OPEN");
        client.line("open door");
        await().until(() -> client.transport().lines().size() == 2);
        assertThat(client.transport().lines()).containsExactly("ERR usage: OPEN <thing>", "RAN OPEN [door]");
    }

    @Test
    void aThrowingHandlerIsAnsweredInternalErrorAndTheSessionGoesOn() {
        Sessions.Opened client = Sessions.open(hub);
        client.line("BOOM");
        client.line("PING");
        await().until(() -> client.transport().lines().size() == 2);
        assertThat(client.transport().lines()).containsExactly("ERR internal-error", "RAN PING []");
        assertThat(client.session().isOpen()).isTrue();
        assertThat(client.transport().isClosed()).isFalse();
    }

    private Sessions.Opened loggedIn(String name) {
        Sessions.Opened client = Sessions.open(hub);
        assertThat(hub.login(client.session(), name, "OK")).isEqualTo(io.socketchat.server.spi.Chat.LoginResult.OK);
        return client;
    }
}
