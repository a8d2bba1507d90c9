package io.socketchat.commands.hardening;

import io.socketchat.server.ChatServer;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.ChatEvent.DirectMessage;
import io.socketchat.server.spi.ChatEvent.Left;
import io.socketchat.server.spi.ChatEvent.LobbyMessage;
import io.socketchat.server.spi.ChatEvent.LoggedIn;
import io.socketchat.server.spi.ChatEvent.RoomJoined;
import io.socketchat.server.spi.ChatEvent.RoomMessage;
import io.socketchat.server.spi.ChatEvent.RoomParted;
import io.socketchat.server.spi.ChatEvent.TopicChanged;
import io.socketchat.server.spi.ChatObserver;
import io.socketchat.testkit.NumberedStream;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Chat events reach observers in each session's order, and no observer can hold up the chat. Over real sockets. */
class ChatEventsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    /** Keeps every event it is given. */
    static final class Recorder implements ChatObserver {
        private final List<ChatEvent> events = new ArrayList<>();

        @Override
        public synchronized void observe(ChatEvent event) {
            events.add(event);
        }

        synchronized List<ChatEvent> events() {
            return List.copyOf(events);
        }

        /** The events of the session logged in as {@code name}: its login, what it sent, its leave. */
        List<ChatEvent> of(String name) {
            return events().stream().filter(event -> switch (event) {
                case LoggedIn e -> e.name().equals(name);
                case Left e -> e.name().equals(name);
                case LobbyMessage e -> e.sender().equals(name);
                case DirectMessage e -> e.sender().equals(name);
                case RoomMessage e -> e.sender().equals(name);
                case RoomJoined e -> e.name().equals(name);
                case RoomParted e -> e.name().equals(name);
                case TopicChanged e -> e.setter().equals(name);
            }).toList();
        }

        Left awaitLeft(String name) {
            await().atMost(PATIENCE).until(() -> of(name).stream().anyMatch(Left.class::isInstance));
            return (Left) of(name).getLast();
        }
    }

    private static String remoteOf(TestClient client) {
        return "127.0.0.1:" + client.socket().getLocalPort();
    }

    @Test
    void roomsReportJoinsMessagesTopicsAndPartsInTheSessionsOrderBeforeItsLeave() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0), List.of(recorder));
             TestClient bob = TestClient.login(server.port(), "bob")) {
            TestClient ann = TestClient.login(server.port(), "ann");
            bob.send("JOIN #Room").readUntil("END HISTORY #Room");
            ann.send("JOIN #room").readUntil("END HISTORY #Room");
            ann.send("TOPIC #ROOM news").readLine();
            ann.send("SAY #room hello");
            bob.readUntil("SAY #Room ann hello");
            ann.send("PART #room").readLine();
            ann.send("JOIN #room").readUntil("END HISTORY #Room");
            ann.close();
            recorder.awaitLeft("ann");
            List<ChatEvent> events = recorder.of("ann");
            assertThat(events.subList(1, events.size() - 1)).usingRecursiveFieldByFieldElementComparatorIgnoringFields("time")
                    .containsExactly(
                            new RoomJoined("#Room", "ann", null),
                            new TopicChanged("#Room", "ann", "news", null),
                            new RoomMessage("#Room", "ann", "hello", 0, 1, null),
                            new RoomParted("#Room", "ann", "part", null),
                            new RoomJoined("#Room", "ann", null),
                            new RoomParted("#Room", "ann", "left", null));
        }
    }

    @Test
    void aSessionsEventsArriveInOrderItsLoginThenItsThousandMessagesThenItsLeave() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0), List.of(recorder));
             TestClient bob = TestClient.login(server.port(), "bob")) {
            TestClient ann = TestClient.login(server.port(), "ann");
            String annRemote = remoteOf(ann);
            NumberedStream stream = new NumberedStream(1_000, "hello");
            stream.sendAll(ann).join();
            stream.readAllInOrder(bob, "ann");
            ann.close();
            Left left = recorder.awaitLeft("ann");

            List<ChatEvent> anns = recorder.of("ann");
            assertThat(anns).hasSize(1 + 1_000 + 1);
            assertThat(anns.getFirst()).isInstanceOfSatisfying(LoggedIn.class, e -> {
                assertThat(e.name()).isEqualTo("ann");
                assertThat(e.remote()).isEqualTo(annRemote);
            });
            for (int i = 0; i < 1_000; i++) {
                assertThat(anns.get(1 + i)).as("message %d", i).isInstanceOfSatisfying(LobbyMessage.class, e -> {
                    assertThat(e.sender()).isEqualTo("ann");
                    assertThat(e.recipients()).isEqualTo(1);
                }).extracting(e -> ((LobbyMessage) e).text()).isEqualTo(i + " hello");
            }
            assertThat(left.reason()).isEqualTo("quit");
            assertThat(left.remote()).isEqualTo(annRemote);
            // Times never go backwards within a session.
            for (int i = 1; i < anns.size(); i++) {
                assertThat(anns.get(i).time()).isAfterOrEqualTo(anns.get(i - 1).time());
            }
        }
    }

    @Test
    void aDirectMessageEventNamesTheRecipientAsItLoggedInAndAnUnknownRecipientIsNoEvent() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0), List.of(recorder));
             TestClient bob = TestClient.login(server.port(), "Bob");
             TestClient ann = TestClient.login(server.port(), "ann")) {
            ann.send("DM nobody hello?");
            ann.send("DM BOB hi  there");
            assertThat(ann.drain()).containsExactly("ERR user-not-found");
            assertThat(bob.readLine()).isEqualTo("DM ann hi  there");
            await().atMost(PATIENCE).until(() -> recorder.of("ann").size() == 2);
            assertThat(recorder.of("ann").getLast()).isInstanceOfSatisfying(DirectMessage.class, e -> {
                assertThat(e.sender()).isEqualTo("ann");
                assertThat(e.recipient()).isEqualTo("Bob");
                assertThat(e.text()).isEqualTo("hi  there");
            });
        }
    }

    @Test
    void aLeaveSaysIdleAfterTheIdleTimeout() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0).idleTimeout(Duration.ofSeconds(1)), List.of(recorder));
             TestClient ann = TestClient.login(server.port(), "ann")) {
            assertThat(recorder.awaitLeft("ann").reason()).isEqualTo("idle");
            assertThat(recorder.of("ann")).hasSize(2).first().isInstanceOf(LoggedIn.class);
        }
    }

    @Test
    void aLeaveSaysKickedWhenAnOperatorKicks() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0), List.of(recorder));
             TestClient ann = TestClient.login(server.port(), "ann")) {
            ann.send("MSG before the kick");
            assertThat(ann.drain()).isEmpty();
            assertThat(server.kick("ann", "testing", "console")).isTrue();
            assertThat(recorder.awaitLeft("ann").reason()).isEqualTo("kicked");
            assertThat(recorder.of("ann")).hasSize(3).element(1).isInstanceOf(LobbyMessage.class);
        }
    }

    @Test
    void aLeaveSaysSlowWhenTheClientStoppedReading() {
        Recorder recorder = new Recorder();
        try (ChatServer server = Servers.start(b -> b.floodRate(0).maxLineBytes(4096).sendQueueBytes(16 * 1024), List.of(recorder));
             TestClient talker = TestClient.login(server.port(), "talker")) {
            TestClient stalled = TestClient.connect(new InetSocketAddress("127.0.0.1", server.port()), 4096);
            try {
                stalled.send("LOGIN stalled");
                assertThat(stalled.readLine()).isEqualTo("OK");
                String text = "z".repeat(1_000);
                // The stalled client never reads again: its kernel buffers, then its queue, fill up.
                await().atMost(PATIENCE).until(() -> {
                    for (int i = 0; i < 100; i++) {
                        talker.send("MSG " + text);
                    }
                    return recorder.of("stalled").stream().anyMatch(Left.class::isInstance);
                });
                assertThat(recorder.awaitLeft("stalled").reason()).isEqualTo("slow");
            } finally {
                stalled.close();
            }
        }
    }

    @Test
    void aShutdownLetsObserversTakeTheLeavesItCaused() {
        Recorder recorder = new Recorder();
        ChatServer server = Servers.start(b -> b.floodRate(0).shutdownGrace(Duration.ofSeconds(1)), List.of(recorder));
        try (TestClient ann = TestClient.login(server.port(), "ann");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            server.shutdown();
            // No waiting here: the shutdown returned after the observers had taken what was queued.
            assertThat(recorder.events()).filteredOn(Left.class::isInstance)
                    .extracting(e -> ((Left) e).name() + " " + ((Left) e).reason())
                    .containsExactlyInAnyOrder("ann shutdown", "bob shutdown");
            assertThat(ann.readUntilClosed()).containsExactly("INFO server shutting down");
        }
    }

    @Test
    void anObserverThatThrowsIsLoggedOnceAndCutOffAndChatAndOtherObserversGoOn() {
        AtomicInteger calls = new AtomicInteger();
        ChatObserver thrower = new ChatObserver() {
            @Override
            public void observe(ChatEvent event) {
                calls.incrementAndGet();
                throw new IllegalStateException("observer bug");
            }

            @Override
            public String name() {
                return "thrower";
            }
        };
        Recorder recorder = new Recorder();
        try (LogCapture log = LogCapture.server();
             ChatServer server = Servers.start(b -> b.floodRate(0), List.of(thrower, recorder));
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient ann = TestClient.login(server.port(), "ann")) {
            for (int i = 0; i < 3; i++) {
                ann.send("MSG " + i);
            }
            assertThat(List.of(bob.readLine(), bob.readLine(), bob.readLine())).containsExactly("MSG ann 0", "MSG ann 1", "MSG ann 2");
            await().atMost(PATIENCE).until(() -> recorder.of("ann").size() == 4);
            await().atMost(PATIENCE).until(() -> !log.tagged("[EVENTS]").isEmpty());
            assertThat(bob.drain()).isEmpty();
            assertThat(log.tagged("[EVENTS]")).singleElement().satisfies(line -> assertThat(line)
                    .startsWith("[EVENTS] observer=thrower error=java.lang.IllegalStateException: observer bug"));
            assertThat(calls).hasValue(1);
        }
    }

    @Test
    void anObserverStuckForeverDoesNotSlowTheChatAndIsCutOffWhenItsQueueIsFull() {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        ChatObserver stuck = new ChatObserver() {
            @Override
            public void observe(ChatEvent event) throws InterruptedException {
                calls.incrementAndGet();
                never.await();
            }

            @Override
            public String name() {
                return "stuck";
            }
        };
        try (LogCapture log = LogCapture.server();
             ChatServer server = Servers.start(b -> b.floodRate(0), List.of(stuck));
             TestClient bob = TestClient.login(server.port(), "bob");
             TestClient ann = TestClient.login(server.port(), "ann")) {
            await().atMost(PATIENCE).until(() -> calls.get() == 1); // stuck on bob's login from now on
            // 10,000 messages while the observer is stuck: all delivered, and a bystander's PING answered.
            NumberedStream first = new NumberedStream(10_000, "while stuck");
            first.sendAll(ann).join();
            first.readAllInOrder(bob, "ann");
            assertThat(bob.drain()).isEmpty();
            assertThat(log.tagged("[EVENTS]")).as("10,000 events fit in its queue").isEmpty();
            // Past 65,536 queued events it is cut off; the chat goes on meanwhile.
            NumberedStream more = new NumberedStream(60_000, "still stuck");
            CompletableFuture<Void> read = CompletableFuture.runAsync(() -> more.readAllInOrder(bob, "ann"),
                    task -> Thread.ofVirtual().start(task));
            more.sendAll(ann).join();
            read.join();
            await().atMost(PATIENCE).until(() -> !log.tagged("[EVENTS]").isEmpty());
            assertThat(log.tagged("[EVENTS]")).singleElement().satisfies(line -> assertThat(line)
                    .matches("\\[EVENTS] observer=stuck dropped=\\d+ reason=queue-full"));
            ann.send("MSG after the cut");
            assertThat(bob.readLine()).isEqualTo("MSG ann after the cut");
            assertThat(calls).hasValue(1);
        } finally {
            never.countDown();
        }
    }
}
