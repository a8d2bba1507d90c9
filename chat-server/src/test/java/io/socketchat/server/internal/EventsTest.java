package io.socketchat.server.internal;

import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.ChatObserver;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The observer queues: order, cut-offs, and the drain at close. */
class EventsTest {

    private static ChatEvent message(int n) {
        return new ChatEvent.LobbyMessage("ann", Integer.toString(n), 1, Instant.EPOCH);
    }

    @Test
    void withoutObserversNothingListens() {
        assertThat(Events.of(List.of()).active()).isFalse();
        assertThat(Events.none().active()).isFalse();
    }

    @Test
    void eventsArriveInTheOrderTheyWerePublished() {
        List<ChatEvent> seen = new CopyOnWriteArrayList<>();
        Events events = Events.of(List.of(seen::add));
        try {
            for (int i = 0; i < 1_000; i++) {
                events.publish(message(i));
            }
            await().until(() -> seen.size() == 1_000);
            for (int i = 0; i < 1_000; i++) {
                assertThat(((ChatEvent.LobbyMessage) seen.get(i)).text()).isEqualTo(Integer.toString(i));
            }
        } finally {
            events.close(0);
        }
    }

    @Test
    void anObserverAWholeQueueBehindIsCutOffAndTheOthersGoOn() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch first = new CountDownLatch(1);
        ChatObserver stuck = event -> {
            first.countDown();
            release.await();
        };
        List<ChatEvent> seen = new CopyOnWriteArrayList<>();
        Events events = Events.of(List.of(stuck, seen::add), 8);
        try {
            events.publish(message(0));
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            await().until(() -> seen.size() == 1); // both queues empty now
            for (int i = 1; i <= 8; i++) {
                events.publish(message(i)); // the stuck one's queue holds 8
            }
            assertThat(events.observerCount()).isEqualTo(2);
            await().until(() -> seen.size() == 9); // the other keeps up
            events.publish(message(9)); // the ninth waiting: cut off
            assertThat(events.observerCount()).isEqualTo(1);
            events.publish(message(10));
            await().until(() -> seen.size() == 11);
        } finally {
            release.countDown();
            events.close(0);
        }
    }

    @Test
    void closingLetsAnObserverTakeWhatIsStillQueued() {
        CountDownLatch go = new CountDownLatch(1);
        List<ChatEvent> seen = new CopyOnWriteArrayList<>();
        Events events = Events.of(List.of(event -> {
            go.await();
            seen.add(event);
        }));
        for (int i = 0; i < 100; i++) {
            events.publish(message(i));
        }
        go.countDown();
        events.close(TimeUnit.SECONDS.toNanos(10));
        assertThat(seen).hasSize(100);
        events.publish(message(100)); // after the close: dropped, no one listens
        assertThat(events.active()).isFalse();
    }
}
