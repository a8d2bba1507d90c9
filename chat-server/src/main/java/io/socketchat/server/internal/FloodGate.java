package io.socketchat.server.internal;

/**
 * A per-session token bucket over input lines, kept as one "theoretical arrival time"
 * (GCRA): a client may send {@code burst} lines at once, then {@code rate} lines per second.
 *
 * <p>It never drops a line. {@link #admit} says how long the reader should pause before
 * handling the next line; while the reader pauses it does not read, so the client's TCP
 * window fills and the client itself slows down (like IRC servers' "fakelag").
 *
 * <p>An episode starts with the first line that has to wait and ends when the bucket is
 * full again, so a sustained flood is reported once. Used by one input thread at a time.
 */
final class FloodGate {

    private final long intervalNanos;
    private final long toleranceNanos;
    private long theoreticalArrival = Long.MIN_VALUE;
    private boolean inEpisode;
    private long episodes;

    /**
     * @param ratePerSecond lines per second once the burst is spent, at least 1
     * @param burst         lines that may arrive at once, at least 1
     */
    FloodGate(int ratePerSecond, int burst) {
        if (ratePerSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("rate and burst must be at least 1: " + ratePerSecond + ", " + burst);
        }
        this.intervalNanos = 1_000_000_000L / ratePerSecond;
        this.toleranceNanos = (burst - 1) * intervalNanos;
    }

    /**
     * Books one line arriving at {@code nowNanos}.
     *
     * @return nanoseconds to wait before handling it; 0 to handle it now
     */
    long admit(long nowNanos) {
        long arrival = theoreticalArrival == Long.MIN_VALUE || theoreticalArrival - nowNanos < 0
                ? nowNanos
                : theoreticalArrival;
        if (arrival == nowNanos) {
            inEpisode = false; // the bucket had refilled completely: any earlier episode is over
        }
        long wait = Math.max(0, arrival - nowNanos - toleranceNanos);
        theoreticalArrival = arrival + intervalNanos;
        if (wait > 0 && !inEpisode) {
            inEpisode = true;
            episodes++;
        }
        return wait;
    }

    /**
     * Books {@code lines} more lines at {@code nowNanos} without waiting now: a big reply is
     * charged by its size, and the next line waits for it as for a burst of that many.
     */
    void charge(int lines, long nowNanos) {
        long from = theoreticalArrival == Long.MIN_VALUE || theoreticalArrival - nowNanos < 0
                ? nowNanos
                : theoreticalArrival;
        theoreticalArrival = from + lines * intervalNanos;
    }

    /** Whether a line arriving at {@code nowNanos} would have to wait; books nothing. */
    boolean wouldWait(long nowNanos) {
        if (theoreticalArrival == Long.MIN_VALUE || theoreticalArrival - nowNanos < 0) {
            return false;
        }
        return theoreticalArrival - nowNanos - toleranceNanos > 0;
    }

    /** True from the first delayed line until the bucket is full again. */
    boolean inEpisode() {
        return inEpisode;
    }

    /** Episodes begun so far; the caller logs when this grows. */
    long episodes() {
        return episodes;
    }
}
