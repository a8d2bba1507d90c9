package io.socketchat.bench;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** Waits for a scenario to finish, giving up after a quiet spell without progress or a hard timeout. */
final class Progress {

    private Progress() {
    }

    /** @return true if {@code done} reached zero */
    static boolean await(CountDownLatch done, LongSupplier progress, long quietNanos, long timeoutNanos)
            throws InterruptedException {
        long start = System.nanoTime();
        long lastValue = progress.getAsLong();
        long lastChange = start;
        while (!done.await(50, TimeUnit.MILLISECONDS)) {
            long now = System.nanoTime();
            long value = progress.getAsLong();
            if (value != lastValue) {
                lastValue = value;
                lastChange = now;
            } else if (now - lastChange > quietNanos) {
                return false;
            }
            if (now - start > timeoutNanos) {
                return false;
            }
        }
        return true;
    }
}
