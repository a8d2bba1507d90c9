package io.socketchat.server.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One budget for the bytes that wait for or come from all clients together: send queues,
 * the reply being queued, unread input and partial lines. Every holder reports its own bytes
 * as they change; when the total passes the limit, the enforcer is asked (once at a time, on
 * a thread of its own) to cut the connections holding the most.
 *
 * <p>Holders report in steps of {@link #GRAIN} bytes: a queue that stays small (almost all of
 * them, almost always) never touches the shared counter, so the message path pays no
 * contended atomic per line. The total is therefore low by less than one grain per holder.
 */
public final class MemoryBudget {

    /** What is asked to bring the total back under the limit. */
    public interface Enforcer {
        /**
         * Cuts connections, biggest first, until about {@code excessBytes} are freed. Runs on
         * its own thread; the budget asks again if the total is still over afterwards.
         */
        void cut(long excessBytes);
    }

    /** Reporting granularity; see the class comment. */
    static final int GRAIN = 4096;

    private final long limitBytes;
    private final AtomicLong charged = new AtomicLong();
    private final AtomicBoolean enforcing = new AtomicBoolean();
    private volatile Enforcer enforcer;

    public MemoryBudget(long limitBytes) {
        if (limitBytes < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limitBytes);
        }
        this.limitBytes = limitBytes;
    }

    void enforceWith(Enforcer value) {
        enforcer = value;
    }

    public long limitBytes() {
        return limitBytes;
    }

    /** The bytes charged now (every holder's bytes, each rounded down to a grain). */
    public long chargedBytes() {
        return charged.get();
    }

    /**
     * A holder's bytes went from {@code before} to {@code after}. Each holder reports every
     * change of its own, in order (under its own lock), so the total stays exact per grain.
     */
    void changed(long before, long after) {
        long grains = after / GRAIN - before / GRAIN;
        if (grains == 0) {
            return;
        }
        long total = charged.addAndGet(grains * GRAIN);
        if (grains > 0 && total > limitBytes) {
            overrun();
        }
    }

    boolean isOver() {
        return charged.get() > limitBytes;
    }

    private void overrun() {
        Enforcer current = enforcer;
        if (current == null || !enforcing.compareAndSet(false, true)) {
            return;
        }
        // Never on the caller's thread: it may be an I/O loop, or hold a queue's lock.
        Thread.ofVirtual().name("chat-budget").start(() -> enforce(current));
    }

    private void enforce(Enforcer current) {
        long last;
        try {
            // Cut down to a tenth under the limit, so a total hovering at the limit does not
            // cut one connection per grain. An enforcer that frees nothing is asked a few
            // times, then again only when the total grows.
            long excess;
            int rounds = 0;
            while ((excess = charged.get() - limitBytes) > 0 && rounds++ < 8) {
                current.cut(excess + limitBytes / 10);
            }
            last = charged.get();
        } finally {
            enforcing.set(false);
        }
        if (charged.get() > Math.max(limitBytes, last)) {
            overrun(); // grew again while this round was ending
        }
    }
}
