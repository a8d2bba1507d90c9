package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure with the built-in MSG, which the I/O loop handles itself: the loop never
 * waits, so a line that finds a recipient's queue full goes over the limit and the sender's
 * next line waits on its reader thread. A reader that keeps up still gets everything; one that
 * stops is cut off as slow.
 */
class LoopBackPressureEndToEndTest {

    private static final int LINES = 60_000; // ~6 MB: more than the socket buffers of a stuck reader absorb
    private static final String PADDING = "x".repeat(80);

    private final ChatFixture chat = ChatFixture.start(ChatFixture.config().maxLineBytes(1024).sendQueueBytes(16 * 1024));

    @AfterEach
    void stop() {
        chat.close();
    }

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
                throw new UncheckedIOException(e);
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
        ChatServer server = chat.server();
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
        ChatServer server = chat.server();
        try (TestClient stuck = TestClient.login(server.port(), "stuck");
             TestClient reader = TestClient.login(server.port(), "reader");
             TestClient sender = TestClient.login(server.port(), "sender")) {
            CompletableFuture<Void> sending = sendAll(sender);

            readAllInOrder(reader); // never reads "stuck"

            sending.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().slowDisconnects() == 1);
            assertThat(stuck.readUntilClosed()).hasSizeLessThan(LINES);
        }
    }
}
