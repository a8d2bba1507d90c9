package io.socketchat.store.sqlite;

import java.util.Arrays;

/** The writer's commit times in a fixed ring of the latest ones, for a percentile on demand. */
public final class CommitTimes {

    private static final int KEPT = 4_096;
    private final long[] nanos = new long[KEPT];
    private long count;

    synchronized void record(long elapsedNanos) {
        nanos[(int) (count++ % KEPT)] = elapsedNanos;
    }

    /** Commits recorded since the store opened. */
    public synchronized long count() {
        return count;
    }

    /** The given percentile (0-100) of the latest commits, in nanoseconds; 0 before any. */
    public synchronized long percentileNanos(double percentile) {
        int size = (int) Math.min(count, KEPT);
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(percentile / 100 * size) - 1;
        return sorted[Math.clamp(index, 0, size - 1)];
    }
}
