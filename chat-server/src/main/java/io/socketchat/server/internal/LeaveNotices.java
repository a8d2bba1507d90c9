package io.socketchat.server.internal;

import java.util.concurrent.TimeUnit;

/**
 * The rate of {@code INFO <name> disconnected} notices. Each is a line to every remaining
 * user, so a crowd leaving at once (a network failure, a restart of a proxy) would cost
 * leaves times users lines. Up to {@code perSecond} leaves a second are announced one by one
 * as the Go server does; the rest of that second are counted and announced together once the
 * second is over, as {@code INFO <n> more users disconnected}.
 */
final class LeaveNotices {

    /** What to tell everyone about one leave. */
    record Decision(long summaryFirst, boolean notice) {
    }

    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final Decision NOTICE = new Decision(0, true);
    private static final Decision COUNTED = new Decision(0, false);

    private final int perSecond;
    // Guarded by this object's monitor (held for a few instructions, never across I/O).
    private long windowStart;
    private int announced;
    private long counted;
    private boolean windowOpen;

    LeaveNotices(int perSecond) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("perSecond must be at least 1: " + perSecond);
        }
        this.perSecond = perSecond;
    }

    /** A user left at {@code nowNanos}: announce it, count it, or first sum up the last second. */
    synchronized Decision left(long nowNanos) {
        long summary = 0;
        if (!windowOpen || nowNanos - windowStart >= WINDOW_NANOS) {
            summary = counted;
            counted = 0;
            announced = 0;
            windowStart = nowNanos;
            windowOpen = true;
        }
        if (announced < perSecond) {
            announced++;
            return summary == 0 ? NOTICE : new Decision(summary, true);
        }
        counted++;
        return summary == 0 ? COUNTED : new Decision(summary, false);
    }

    /** Called regularly: the leaves of a second that is over and not yet summed up, or 0. */
    synchronized long summaryDue(long nowNanos) {
        if (counted == 0 || nowNanos - windowStart < WINDOW_NANOS) {
            return 0;
        }
        long summary = counted;
        counted = 0;
        announced = 0;
        windowOpen = false;
        return summary;
    }
}
