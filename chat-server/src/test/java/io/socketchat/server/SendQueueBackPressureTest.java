package io.socketchat.server;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.NumberedStream;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A send queue much smaller than what one sender pushes: a reader that keeps up must get
 * everything (the sender is slowed instead), and a reader that stops must be cut off as slow
 * without holding the others up for good.
 */
class SendQueueBackPressureTest {

    private static final int LINES = 60_000; // ~6 MB: more than the socket buffers of a stuck reader absorb
    private static final NumberedStream STREAM = new NumberedStream(LINES, "x".repeat(80));

    private ChatServer server;

    /** The two commands the test needs, through the public SPI (the built-ins live in another module). */
    private static List<CommandHandler> loginAndMsg() {
        CommandHandler login = new CommandHandler() {
            @Override
            public CommandSpec spec() {
                return CommandSpec.of("LOGIN").permitBeforeLogin();
            }

            @Override
            public void handle(CommandContext context) {
                context.chat().login(context.sender(), context.argument(), "OK");
            }
        };
        CommandHandler msg = new CommandHandler() {
            @Override
            public CommandSpec spec() {
                return CommandSpec.of("MSG").withMinArguments(1, "MSG <text>");
            }

            @Override
            public void handle(CommandContext context) {
                context.chat().broadcast(context.sender(), "MSG " + context.sender().name() + " " + context.argument());
            }
        };
        return List.of(login, msg);
    }

    private void start() throws IOException {
        server = ChatServer.start(ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress()).port(0)
                .maxLineBytes(1024).sendQueueBytes(16 * 1024).floodRate(0).build(), loginAndMsg());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    /** Writes every line in large writes on its own thread: the server may push back. */
    @Test
    void aReaderThatKeepsUpGetsEveryLineWhileTheSenderIsSlowedDown() throws Exception {
        start();
        try (TestClient reader = TestClient.login(server.port(), "reader");
             TestClient sender = TestClient.login(server.port(), "sender")) {
            CompletableFuture<Void> sending = STREAM.sendAll(sender);

            STREAM.readAllInOrder(reader, "sender");

            sending.get(30, TimeUnit.SECONDS);
            assertThat(server.stats().slowDisconnects()).isZero();
        }
    }

    @Test
    void aReaderThatStopsIsCutOffAsSlowAndTheOthersGoOn() throws Exception {
        start();
        try (TestClient stuck = TestClient.login(server.port(), "stuck");
             TestClient reader = TestClient.login(server.port(), "reader");
             TestClient sender = TestClient.login(server.port(), "sender")) {
            CompletableFuture<Void> sending = STREAM.sendAll(sender);

            STREAM.readAllInOrder(reader, "sender"); // never reads "stuck"

            sending.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().slowDisconnects() == 1);
            // The server closed it: what was already in the socket buffers, then end of stream.
            assertThat(stuck.readUntilClosed()).hasSizeLessThan(LINES);
        }
    }
}
