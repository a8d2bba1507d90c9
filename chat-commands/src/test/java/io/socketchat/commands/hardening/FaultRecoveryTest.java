package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Clients that fail in the ways real ones do. Afterwards the server holds no connection, and
 * the JVM's threads (virtual ones included) and heap are back near where they started.
 * The bounds are generous: they catch a leak per connection, not noise.
 */
class FaultRecoveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** Above baseline: room for the JDK's own helpers (a spare carrier, a GC thread, ...). */
    private static final int THREAD_SLACK = 6;
    private static final long HEAP_SLACK_BYTES = 48L * 1024 * 1024;

    private ChatServer server;
    private Census baseline;

    @BeforeEach
    void startServerAndMeasureBaseline() {
        server = Servers.start(b -> b.floodRate(0)
                .loginTimeout(Duration.ofSeconds(1))
                .maxLineBytes(16 * 1024)
                .sendQueueBytes(64 * 1024)
                .shutdownGrace(Duration.ofSeconds(1))
                .leaveNoticesPerSecond(10_000)); // each of a crowd's leaves is checked for below
        // Warm up: load every class a session uses and let thread pools reach their steady size.
        try (TestClient a = TestClient.login(server.port(), "warm1");
             TestClient b = TestClient.login(server.port(), "warm2")) {
            a.send("MSG hello");
            assertThat(b.readLine()).isEqualTo("MSG warm1 hello");
        }
        await().atMost(PATIENCE).until(() -> server.stats().openConnections() == 0);
        baseline = Census.take();
    }

    @AfterEach
    void stopServer() {
        server.shutdown();
    }

    @Test
    void clientsThatResetTheConnectionMidLine() throws IOException {
        try (TestClient observer = TestClient.login(server.port(), "observer")) {
            int clients = 50;
            for (int i = 0; i < clients; i++) {
                Socket socket = loggedInSocket("reset" + i);
                socket.getOutputStream().write(("MSG " + "x".repeat(8 * 1024)).getBytes(StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0); // close sends RST, not FIN
                socket.close();
            }

            assertThat(readLines(observer, clients)).containsExactlyInAnyOrderElementsOf(disconnected("reset", clients));
        }
        assertBackToBaseline();
    }

    @Test
    void clientsThatCloseWithUnreadDataWhileTheServerKeepsWriting() throws IOException {
        try (TestClient talker = TestClient.login(server.port(), "talker")) {
            int clients = 50;
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                sockets.add(loggedInSocket("unread" + i));
            }
            String text = "y".repeat(1000);
            for (int i = 0; i < 30; i++) { // 30 KB each: well within their send queue, far beyond what they read
                talker.send("MSG " + i + " " + text);
            }
            assertThat(talker.drain()).isEmpty(); // every message is queued to every listener
            for (Socket socket : sockets) {
                socket.close(); // unread data in its receive buffer: the kernel answers with RST
            }
            for (int i = 0; i < 20; i++) {
                talker.send("MSG after " + i + " " + text); // writes into connections being torn down
            }

            assertThat(readLines(talker, clients)).containsExactlyInAnyOrderElementsOf(disconnected("unread", clients));
        }
        assertBackToBaseline();
    }

    @Test
    void clientsThatConnectAndSendNothing() {
        List<TestClient> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                silent.add(TestClient.connect(server.port()));
            }
            await().atMost(PATIENCE).until(() -> server.stats().openConnections() == 100);
            // Silent connections wait in the I/O loop's selector: none holds a thread.
            assertThat(Census.take().virtualThreads())
                    .as("virtual threads while 100 silent clients are connected")
                    .isLessThanOrEqualTo(baseline.virtualThreads() + THREAD_SLACK);
            for (TestClient client : silent) {
                assertThat(client.readUntilClosed()).containsExactly("ERR login-timeout");
            }
        } finally {
            silent.forEach(TestClient::close);
        }
        assertBackToBaseline();
    }

    @Test
    void clientsThatStopReading() throws IOException {
        int slow = 5;
        List<Socket> sockets = new ArrayList<>();
        try (TestClient talker = TestClient.login(server.port(), "talker")) {
            for (int i = 0; i < slow; i++) {
                sockets.add(loggedInSocket("slow" + i)); // logs in, then never reads again
            }
            String text = "z".repeat(2000);
            int sent = 0;
            List<String> seen = new ArrayList<>();
            while (server.stats().slowDisconnects() < slow && sent < 10_000) {
                StringBuilder batch = new StringBuilder();
                for (int i = 0; i < 50; i++, sent++) {
                    batch.append("MSG ").append(sent).append(' ').append(text).append('\n');
                }
                talker.sendRaw(batch.toString().getBytes(StandardCharsets.US_ASCII));
                seen.addAll(talker.drain());
            }
            assertThat(server.stats().slowDisconnects()).isEqualTo(slow);
            seen.addAll(talker.drain());
            assertThat(seen).containsExactlyInAnyOrderElementsOf(disconnected("slow", slow));
        } finally {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        assertBackToBaseline();
    }

    private void assertBackToBaseline() {
        await().atMost(PATIENCE).pollInSameThread().pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(server.stats().openConnections()).as("open connections").isZero();
            Census now = Census.take();
            assertThat(now.virtualThreads()).as("virtual threads, baseline %s", baseline)
                    .isLessThanOrEqualTo(baseline.virtualThreads() + 1);
            assertThat(now.platformThreads()).as("platform threads, baseline %s", baseline)
                    .isLessThanOrEqualTo(baseline.platformThreads() + THREAD_SLACK);
            assertThat(now.heapUsedBytes()).as("heap after GC, baseline %s", baseline)
                    .isLessThanOrEqualTo(baseline.heapUsedBytes() + HEAP_SLACK_BYTES);
        });
    }

    private Socket loggedInSocket(String name) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // a small window fills sooner for the slow-reader case
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("LOGIN " + name + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] ok = socket.getInputStream().readNBytes(3);
        assertThat(new String(ok, StandardCharsets.US_ASCII)).isEqualTo("OK\n");
        return socket;
    }

    private static List<String> readLines(TestClient client, int count) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add(client.readLine());
        }
        return lines;
    }

    private static Set<String> disconnected(String prefix, int count) {
        Set<String> lines = new HashSet<>();
        for (int i = 0; i < count; i++) {
            lines.add("INFO " + prefix + i + " disconnected");
        }
        return lines;
    }
}
