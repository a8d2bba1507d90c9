package io.socketchat.commands;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A handler that throws costs its client one ERR line, nothing more. */
class HandlerFailureEndToEndTest {

    /** A test-only command registered next to the discovered built-ins. */
    static final class Explode implements CommandHandler {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("EXPLODE");
        }

        @Override
        public void handle(CommandContext context) {
            throw new IllegalStateException("exploding on purpose (test)");
        }
    }

    @AutoClose
    private final ChatFixture chat = ChatFixture.start(ChatFixture.config(), new Explode());

    @Test
    void aThrowingHandlerAnswersInternalErrorAndTheSessionGoesOn() {
        TestClient ann = chat.login("ann");
        TestClient bob = chat.login("bob");
        ann.send("explode now");
        assertThat(ann.readLine()).isEqualTo("ERR internal-error");
        ann.send("PING");
        assertThat(ann.readLine()).isEqualTo("PONG");
        ann.send("MSG still alive");
        assertThat(bob.readLine()).isEqualTo("MSG ann still alive");
        assertThat(bob.drain()).as("others are not told about the failure").isEmpty();
    }
}
