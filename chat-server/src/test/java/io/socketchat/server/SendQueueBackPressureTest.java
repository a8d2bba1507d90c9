package io.socketchat.server;

import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
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
    private static final String PADDING = "x".repeat(80);

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
    private static CompletableFuture<Void> sendAll(TestClient sender) {
        return CompletableFuture.runAsync(() -> {
            try {
                OutputStream out = sender.socket().getOutputStream();
                StringBuilder chunk = new StringBuilder();
                for (int i = 0; i < LINES; i++) {
                    chunk.append("MSG ").append(i).append(' ').append(PADDING).append('\n');
                    if (chunk.length() > 32 * 1024 || i == LINES - 1) {
                        out.write(chunk.toString().getBytes(StandardCharsets.US_ASCII));
                        chunk.setLength(0);
                    }
                }
                out.flush();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, task -> Thread.ofVirtual().start(task));
    }

    private static void readAllInOrder(TestClient reader) {
        int expected = 0;
        while (expected < LINES) {
            String line = reader.readLine();
            if (!line.startsWith("MSG sender ")) {
                continue; // e.g. INFO stuck disconnected
            }
            assertThat(line).isEqualTo("MSG sender " + expected + " " + PADDING);
            expected++;
        }
    }

    @Test
    void aReaderThatKeepsUpGetsEveryLineWhileTheSenderIsSlowedDown() throws Exception {
        start();
        try (TestClient reader = TestClient.login(server.port(), "reader");
             TestClient sender = TestClient.login(server.port(), "sender")) {
            CompletableFuture<Void> sending = sendAll(sender);

            readAllInOrder(reader);

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
            CompletableFuture<Void> sending = sendAll(sender);

            readAllInOrder(reader); // never reads "stuck"

            sending.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().slowDisconnects() == 1);
            // The server closed it: what was already in the socket buffers, then end of stream.
            assertThat(stuck.readUntilClosed()).hasSizeLessThan(LINES);
        }
    }
}
