package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.server.IoEngine;
import io.socketchat.testkit.NumberedStream;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What keeps the server serving under crowds and floods, over real sockets. */
class OverloadEndToEndTest {

    /** The engine serving plain TCP; a subclass runs every test on the other one. */
    IoEngine engine() {
        return IoEngine.LOOP;
    }

    private static final Executor OWN_THREAD = task -> Thread.ofVirtual().start(task);
    private static final Pattern MORE = Pattern.compile("INFO (\\d+) more users disconnected");

    @Test
    void aCrowdOf200ResetAtOnceCostsABystanderAtMost100NoticesAndTheRestInSummaries() throws IOException {
        try (ChatServer server = Servers.start(b -> b.io(engine()).floodRate(0));
             TestClient bystander = TestClient.login(server.port(), "bystander")) {
            int crowd = 200;
            List<Socket> sockets = new ArrayList<>();
            for (int i = 0; i < crowd; i++) {
                sockets.add(loggedInSocket(server.port(), "crowd" + i, 0));
            }
            for (Socket socket : sockets) {
                socket.setSoLinger(true, 0); // a reset, as when a network path fails
                socket.close();
            }
            int notices = 0;
            int summaries = 0;
            long accounted = 0;
            while (accounted < crowd) {
                String line = bystander.readLine();
                Matcher more = MORE.matcher(line);
                if (more.matches()) {
                    summaries++;
                    accounted += Long.parseLong(more.group(1));
                } else {
                    assertThat(line).matches("INFO crowd\\d+ disconnected");
                    notices++;
                    accounted++;
                }
            }
            assertThat(accounted).as("every leave is told, one by one or summed up").isEqualTo(crowd);
            // 50 a second: the resets land within a second or two.
            assertThat(notices).as("notices one by one").isBetween(50, 100);
            assertThat(summaries).as("summary lines").isBetween(1, 2);
            assertThat(bystander.drain()).as("nothing more after the summaries").isEmpty();
        }
    }

    @Test
    void overTheMemoryBudgetTheBiggestHoldersAreCutAndReadersLoseNoneOf8000Lines() {
        // Three clients that never read, each able to hold up to 1 MiB; all together may hold 2 MiB.
        // The talker is held to 5,000 lines a second (5 MB/s), a pace the readers keep up with:
        // only then can the budget tell them from the clients that stopped reading (a reader
        // that falls behind holds as much as one that stopped).
        try (LogCapture log = LogCapture.server();
             ChatServer server = Servers.start(b -> b.io(engine()).floodRate(5_000).floodBurst(100)
                     .sendQueueBytes(1024 * 1024)
                     .maxBufferedBytes(2 * 1024 * 1024));
             TestClient talker = TestClient.login(server.port(), "talker");
             TestClient reader1 = TestClient.login(server.port(), "reader1");
             TestClient reader2 = TestClient.login(server.port(), "reader2")) {
            List<TestClient> stalled = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestClient client = TestClient.connect(new InetSocketAddress("127.0.0.1", server.port()), 4096);
                client.send("LOGIN stalled" + i);
                assertThat(client.readLine()).isEqualTo("OK");
                stalled.add(client);
            }
            // The readers are reading before the flood starts: a reader whose first read is still
            // to come holds as much as a stalled client, and the budget could not tell them apart.
            talker.send("MSG warm-up");
            assertThat(reader1.readLine()).isEqualTo("MSG talker warm-up");
            assertThat(reader2.readLine()).isEqualTo("MSG talker warm-up");
            // 8 MB each: past what the kernel's send buffer takes (up to 4 MiB here) and past the queues.
            NumberedStream stream = new NumberedStream(8_000, "z".repeat(1_000));
            // Each reader on a thread of its own: the common pool may have one thread on two cores.
            CompletableFuture<Void> read1 = CompletableFuture.runAsync(() -> stream.readAllInOrder(reader1, "talker"), OWN_THREAD);
            CompletableFuture<Void> read2 = CompletableFuture.runAsync(() -> stream.readAllInOrder(reader2, "talker"), OWN_THREAD);
            stream.sendAll(talker).join();
            read1.join();
            read2.join();
            await().atMost(Duration.ofSeconds(20)).until(() -> server.users().size() == 3);
            assertThat(log.tagged("[SLOW]")).as("[SLOW] lines")
                    .anyMatch(line -> line.contains("reason=server-memory"))
                    .allMatch(line -> line.contains("user=stalled"));
            stalled.forEach(TestClient::close);
        }
    }

    @Test
    void aWhoListingLargerThanTheWholeSendQueueIsRefusedWithReplyTooLarge() {
        // A 1 KiB send queue: 100 listed users need about 1.2 KB, 50 about 0.6 KB.
        try (ChatServer server = Servers.start(b -> b.io(engine()).floodRate(0).maxLineBytes(64).sendQueueBytes(1024))) {
            List<TestClient> users = new ArrayList<>();
            try {
                for (int i = 0; i < 50; i++) {
                    users.add(TestClient.login(server.port(), "user" + (100 + i)));
                }
                TestClient asker = users.getFirst();
                asker.send("WHO");
                assertThat(asker.drain()).hasSize(50).allMatch(line -> line.startsWith("USER user1"));
                for (int i = 50; i < 100; i++) {
                    users.add(TestClient.login(server.port(), "user" + (100 + i)));
                }
                asker.send("WHO");
                assertThat(asker.drain()).containsExactly("ERR reply-too-large");
            } finally {
                users.forEach(TestClient::close);
            }
        }
    }

    @Test
    void beforeLoginALineOver1KiBIsTooLongAndAfterLoginA60KiBLineIsFine() throws IOException {
        try (ChatServer server = Servers.start(b -> b.io(engine()).floodRate(0));
             TestClient listener = TestClient.login(server.port(), "listener");
             TestClient client = TestClient.connect(server.port())) {
            client.send("LOGIN " + "n".repeat(1_100));
            assertThat(client.readLine()).isEqualTo("ERR line-too-long");
            client.send("LOGIN " + "n".repeat(900)); // a short line: judged as a login, not as its length
            assertThat(client.readLine()).isEqualTo("ERR invalid-username");
            client.send("LOGIN ann");
            assertThat(client.readLine()).isEqualTo("OK");
            String text = "t".repeat(60 * 1024);
            client.send("MSG " + text);
            assertThat(listener.readLine()).isEqualTo("MSG ann " + text);
        }
    }

    @Test
    void atAShutdownWhoseGraceRunsOutTheNoticeGoesAheadOf8MiBStillQueuedForEachReader() throws IOException {
        try (LogCapture log = LogCapture.server();
             ChatServer server = Servers.start(b -> b.io(engine()).floodRate(0)
                     .sendQueueBytes(16L * 1024 * 1024)
                     .maxBufferedBytes(256L * 1024 * 1024)
                     .shutdownGrace(Duration.ofSeconds(1)));
             TestClient talker = TestClient.login(server.port(), "talker")) {
            List<Socket> readers = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                readers.add(loggedInSocket(server.port(), "reader" + i, 4096));
            }
            String text = "q".repeat(8 * 1024);
            for (int i = 0; i < 1_024; i++) { // 8 MiB to each reader, who reads nothing yet
                talker.send("MSG " + text);
            }
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> server.users().stream().filter(u -> u.name().startsWith("reader"))
                            .allMatch(u -> u.queuedBytes() > 4L * 1024 * 1024));
            long started = System.nanoTime();
            Thread shutdown = Thread.ofVirtual().start(server::shutdown);
            await().atMost(Duration.ofSeconds(5)).until(() -> !log.tagged("[SHUTDOWN] stage=preempt").isEmpty());
            assertThat(log.tagged("[SHUTDOWN] stage=preempt").getFirst()).contains("sessions=5");
            List<CompletableFuture<List<String>>> reads = new ArrayList<>();
            for (Socket reader : readers) {
                reads.add(CompletableFuture.supplyAsync(() -> tailUntilEof(reader), OWN_THREAD));
            }
            for (CompletableFuture<List<String>> read : reads) {
                List<String> tail = read.join();
                assertThat(tail.getLast()).as("the last line before EOF").isEqualTo("INFO server shutting down");
                assertThat(tail.subList(0, tail.size() - 1)).as("whole chat lines before it")
                        .allMatch(line -> line.equals("MSG talker " + text));
            }
            await().atMost(Duration.ofSeconds(3)).until(() -> !shutdown.isAlive());
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .as("shutdown with a 1 s grace").isLessThan(Duration.ofSeconds(3));
        }
    }

    /** Reads everything up to EOF, keeping the last few lines. */
    private static List<String> tailUntilEof(Socket socket) {
        try {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            StringBuilder partial = new StringBuilder();
            List<String> tail = new ArrayList<>();
            int read;
            while ((read = in.read(buffer)) > 0) {
                partial.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
                int lf;
                while ((lf = partial.indexOf("\n")) >= 0) {
                    tail.add(partial.substring(0, lf));
                    partial.delete(0, lf + 1);
                    if (tail.size() > 4) {
                        tail.removeFirst();
                    }
                }
            }
            assertThat(partial.toString()).as("bytes after the last line").isEmpty();
            return tail;
        } catch (IOException e) {
            throw new AssertionError("reading until EOF", e);
        }
    }

    private static Socket loggedInSocket(int port, String name, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("LOGIN " + name + "\n").getBytes(StandardCharsets.US_ASCII));
        byte[] ok = socket.getInputStream().readNBytes(3);
        assertThat(new String(ok, StandardCharsets.US_ASCII)).isEqualTo("OK\n");
        return socket;
    }
}
