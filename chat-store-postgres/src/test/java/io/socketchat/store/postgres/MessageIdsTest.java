package io.socketchat.store.postgres;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class MessageIdsTest {

    private static final long NOW = 1_800_000_000_000L;

    @Test
    void moreThanACounterFullInOneMillisecondStillIncreases() {
        MessageIds ids = new MessageIds(5, 0, () -> NOW);
        long previous = 0;
        for (int i = 0; i < 10_000; i++) {
            long id = ids.next();
            assertThat(id).isGreaterThan(previous);
            assertThat(id >>> MessageIds.COUNTER_BITS & (MessageIds.SLOTS - 1)).isEqualTo(5);
            previous = id;
        }
    }

    @Test
    void aClockGoingBackNeverMakesASmallerIdNorDoesAFloorFromTheFuture() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIds ids = new MessageIds(1, 0, clock::get);
        long first = ids.next();
        clock.addAndGet(-60_000);
        assertThat(ids.next()).isGreaterThan(first);

        long floor = new MessageIds(1_023, 0, () -> NOW + 3_600_000).next();
        assertThat(new MessageIds(0, floor, () -> NOW).next()).isGreaterThan(floor);
    }

    @Test
    void twoSlotsInTheSameMillisecondNeverMeetAndFollowTheClock() {
        AtomicLong clock = new AtomicLong(NOW);
        MessageIds a = new MessageIds(1, 0, clock::get);
        MessageIds b = new MessageIds(2, 0, clock::get);
        long a1 = a.next();
        long b1 = b.next();
        assertThat(a1).isNotEqualTo(b1);
        clock.incrementAndGet();
        assertThat(a.next()).isGreaterThan(b1);
    }
}
