package io.socketchat.server.internal.accounts;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The hashing pool: its own platform threads, and a full queue refused at once, not grown. */
class HashPoolTest {

    @Test
    void aFullQueueIsRefusedAndTheRestRuns() throws Exception {
        try (HashPool pool = new HashPool(1, 1)) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicReference<String> thread = new AtomicReference<>();
            Thread running = Thread.ofVirtual().start(() -> run(pool, () -> {
                thread.set(Thread.currentThread().getName());
                awaitLatch(release);
                return 1;
            }));
            await().until(() -> thread.get() != null);
            Thread queued = Thread.ofVirtual().start(() -> run(pool, () -> 2));
            await().until(() -> pool.queued() == 1);
            assertThatThrownBy(() -> pool.run(() -> 3)).isInstanceOf(HashPool.Busy.class);
            release.countDown();
            running.join();
            queued.join();
            assertThat(pool.run(() -> 4)).isEqualTo(4);
            assertThat(thread.get()).startsWith("chat-hash-");
        }
    }

    private static void run(HashPool pool, java.util.function.Supplier<Integer> work) {
        try {
            pool.run(work);
        } catch (HashPool.Busy e) {
            throw new AssertionError(e);
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
