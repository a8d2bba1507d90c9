package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.NumberedStream;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure with the built-in MSG, which the I/O loop handles itself: the loop never
 * waits, so a line that finds a recipient's queue full goes over the limit and the sender's
 * next line waits on its command thread. A reader that keeps up still gets everything; one that
 * stops is cut off as slow.
 */
class LoopBackPressureEndToEndTest {

    private static final int LINES = 60_000; // ~6 MB: more than the socket buffers of a stuck reader absorb
    private static final NumberedStream STREAM = new NumberedStream(LINES, "x".repeat(80));

    private final ChatFixture chat = ChatFixture.start(ChatFixture.config().maxLineBytes(1024).sendQueueBytes(16 * 1024));

    @AfterEach
    void stop() {
        chat.close();
    }

    @Test
    void aReaderThatKeepsUpGetsEveryLineWhileTheSenderIsSlowedDown() throws Exception {
        ChatServer server = chat.server();
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
        ChatServer server = chat.server();
        try (TestClient stuck = TestClient.login(server.port(), "stuck");
             TestClient reader = TestClient.login(server.port(), "reader");
             TestClient sender = TestClient.login(server.port(), "sender")) {
            CompletableFuture<Void> sending = STREAM.sendAll(sender);

            STREAM.readAllInOrder(reader, "sender"); // never reads "stuck"

            sending.get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.stats().slowDisconnects() == 1);
            assertThat(stuck.readUntilClosed()).hasSizeLessThan(LINES);
        }
    }
}
