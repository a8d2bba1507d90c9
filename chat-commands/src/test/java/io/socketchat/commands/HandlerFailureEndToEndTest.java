package io.socketchat.commands;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

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
        Logger serverLog = (Logger) LoggerFactory.getLogger("io.socketchat.server");
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        serverLog.addAppender(logged);
        try {
            handlerFailsAndSessionGoesOn();
        } finally {
            serverLog.detachAppender(logged);
        }
        // Logged once, as an error, with the handler's exception and its stack trace.
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).singleElement().satisfies(event -> {
            assertThat(event.getFormattedMessage()).startsWith("[ERROR] command=EXPLODE user=ann")
                    .contains(Explode.class.getName());
            assertThat(event.getThrowableProxy().getClassName()).isEqualTo(IllegalStateException.class.getName());
            assertThat(event.getThrowableProxy().getStackTraceElementProxyArray()).isNotEmpty();
        });
    }

    private void handlerFailsAndSessionGoesOn() {
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
