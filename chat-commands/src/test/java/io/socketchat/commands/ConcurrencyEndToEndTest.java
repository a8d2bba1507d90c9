package io.socketchat.commands;

import io.socketchat.server.UserInfo;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Many clients at once, and one that never reads: nobody waits for anybody. */
class ConcurrencyEndToEndTest {

    @Test
    void tenClientsChattingAtOnceGetEveryMessageInOrderPerSender() throws Exception {
        int clients = 10;
        int messagesEach = 100;
        try (ChatFixture chat = ChatFixture.start();
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<TestClient> users = IntStream.range(0, clients).mapToObj(i -> chat.login("user" + i)).toList();
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<String, List<Integer>>>> received = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                TestClient me = users.get(i);
                received.add(threads.submit(() -> {
                    go.await();
                    for (int n = 0; n < messagesEach; n++) {
                        me.send("MSG seq " + n);
                    }
                    return readMessages(me, (clients - 1) * messagesEach);
                }));
            }
            go.countDown();
            for (int i = 0; i < clients; i++) {
                Map<String, List<Integer>> bySender = received.get(i).get(60, TimeUnit.SECONDS);
                assertThat(bySender.keySet()).as("senders seen by user%d", i).hasSize(clients - 1).doesNotContain("user" + i);
                for (List<Integer> sequence : bySender.values()) {
                    assertThat(sequence).isEqualTo(IntStream.range(0, messagesEach).boxed().toList());
                }
            }
        }
    }

    /** Reads {@code count} lines, all {@code MSG <sender> seq <n>}, grouped by sender in arrival order. */
    private static Map<String, List<Integer>> readMessages(TestClient client, int count) {
        Map<String, List<Integer>> bySender = new HashMap<>();
        for (int i = 0; i < count; i++) {
            String[] parts = client.readLine().split(" ");
            assertThat(parts).hasSize(4);
            assertThat(parts[0]).isEqualTo("MSG");
            bySender.computeIfAbsent(parts[1], sender -> new ArrayList<>()).add(Integer.parseInt(parts[3]));
        }
        return bySender;
    }

    @Test
    void aClientThatNeverReadsIsCutOffWhileTwoOthersExchange2000Messages() throws Exception {
        int messagesEach = 1000;
        int window = 16;
        // Each sender keeps at most `window` of its lines unread by the other reader, so the
        // readers' queues stay under window * 4 KB = 64 KB: they can never be cut off. The
        // lurker gets all 2,000 lines, about 8 MB: more than its 128 KiB queue plus anything
        // the kernel can buffer (at most tcp_wmem's 4 MB plus its 8 KiB receive window).
        String padding = "p".repeat(4000);
        try (ChatFixture chat = ChatFixture.start(ChatFixture.config().maxLineBytes(8 * 1024).sendQueueBytes(128 * 1024));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            TestClient lurker = chat.track(TestClient.connect(new InetSocketAddress("127.0.0.1", chat.port()), 8 * 1024));
            lurker.send("LOGIN lurker");
            assertThat(lurker.readLine()).isEqualTo("OK"); // and it reads nothing more
            TestClient ann = chat.login("ann");
            TestClient bob = chat.login("bob");
            Semaphore annMaySend = new Semaphore(window);
            Semaphore bobMaySend = new Semaphore(window);

            Future<List<String>> annReads = threads.submit(readsUntil(ann, "MSG bob ", messagesEach, bobMaySend));
            Future<List<String>> bobReads = threads.submit(readsUntil(bob, "MSG ann ", messagesEach, annMaySend));
            Future<?> annSends = threads.submit(() -> sendNumbered(ann, messagesEach, padding, annMaySend));
            Future<?> bobSends = threads.submit(() -> sendNumbered(bob, messagesEach, padding, bobMaySend));
            annSends.get(60, TimeUnit.SECONDS);
            bobSends.get(60, TimeUnit.SECONDS);

            assertThat(messageNumbers(annReads.get(30, TimeUnit.SECONDS), "MSG bob ", padding))
                    .isEqualTo(IntStream.range(0, messagesEach).boxed().toList());
            assertThat(messageNumbers(bobReads.get(30, TimeUnit.SECONDS), "MSG ann ", padding))
                    .isEqualTo(IntStream.range(0, messagesEach).boxed().toList());

            await().untilAsserted(() -> assertThat(chat.server().stats().slowDisconnects())
                    .as("slow disconnects; users now: %s", chat.server().users()).isEqualTo(1));
            assertThat(chat.server().users()).extracting(UserInfo::name).containsExactly("ann", "bob");
            // Both are told the lurker left: among the messages, or right after them.
            for (var reader : List.of(annReads, bobReads)) {
                TestClient client = reader == annReads ? ann : bob;
                if (!reader.get().contains("INFO lurker disconnected")) {
                    assertThat(client.readUntil("INFO lurker disconnected")).hasSize(1);
                }
                assertThat(client.drain()).isEmpty();
            }
            // The lurker finds its connection cut once it finally reads.
            lurker.setReadTimeout(Duration.ofSeconds(10));
            assertThat(lurker.readUntilClosed()).allMatch(line -> line.startsWith("MSG "));
        }
    }

    /** Reads until {@code count} lines with the prefix arrived, releasing one send permit per such line. */
    private static Callable<List<String>> readsUntil(TestClient client, String prefix, int count, Semaphore senderMaySend) {
        return () -> {
            List<String> lines = new ArrayList<>();
            int seen = 0;
            while (seen < count) {
                String line = client.readLine();
                lines.add(line);
                if (line.startsWith(prefix)) {
                    seen++;
                    senderMaySend.release();
                }
            }
            return lines;
        };
    }

    private static void sendNumbered(TestClient client, int count, String padding, Semaphore maySend) {
        for (int n = 0; n < count; n++) {
            try {
                if (!maySend.tryAcquire(TestClient.DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the other side stopped reading at message " + n);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            client.send("MSG " + n + " " + padding);
        }
    }

    private static List<Integer> messageNumbers(List<String> lines, String prefix, String padding) {
        return lines.stream()
                .filter(line -> line.startsWith(prefix))
                .map(line -> {
                    assertThat(line).endsWith(" " + padding);
                    return Integer.parseInt(line.substring(prefix.length(), line.indexOf(' ', prefix.length())));
                })
                .toList();
    }

}
