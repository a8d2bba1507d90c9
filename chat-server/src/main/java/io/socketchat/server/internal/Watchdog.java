package io.socketchat.server.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ends the process ({@link Fatal}) when an I/O loop no longer serves: its thread is gone
 * ({@code reason=io-loop-dead}) or it has not run a task for {@link #THRESHOLD}
 * ({@code reason=io-loop-stuck}). Without it such a process keeps its listening socket and its
 * clients' connections and answers nobody, and a supervisor sees nothing wrong.
 *
 * <p>Every {@link #PERIOD} a platform thread ({@code chat-watchdog}) posts a heartbeat task to
 * each loop ({@link IoLoop#execute}, which wakes its selector) unless the previous one is still
 * waiting, and counts how long it has waited. Each check adds at most two periods to that count,
 * so a pause that stops the watchdog as well (a long collection, a stopped process, a suspended
 * machine) is not mistaken for a stuck loop: only time the watchdog itself saw passing counts.
 *
 * <p>Loops closed on purpose ({@link IoLoop#close}, the server's shutdown) are not checked, and
 * nothing is reported once {@link #close} began.
 */
public final class Watchdog implements AutoCloseable {

    /** How often each loop is sent a heartbeat. */
    public static final Duration PERIOD = Duration.ofSeconds(1);
    /**
     * How long a heartbeat may wait before the loop counts as stuck. A loop's round is short:
     * it moves bytes and runs built-in commands, none of which waits, so a round of more than a
     * second is already abnormal. Ten seconds leaves room for a busy round on a loaded machine
     * (a fan-out to thousands, a burst of logins) and for pauses the watchdog does not see as its
     * own, and still has a supervisor restart a hung server well before its clients' idle
     * timeout (60 s by default) would have told them anything.
     */
    public static final Duration THRESHOLD = Duration.ofSeconds(10);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final Watch[] watches;
    private final long periodNanos;
    private final long thresholdNanos;
    private final Fatal fatal;
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread thread;

    /** Watches {@code loops} with the documented period and threshold; a failure halts the process. */
    public Watchdog(IoLoop[] loops) {
        this(loops, PERIOD, THRESHOLD, Fatal.halting());
    }

    Watchdog(IoLoop[] loops, Duration period, Duration threshold, Fatal fatal) {
        if (!period.isPositive() || threshold.compareTo(period) < 0) {
            throw new IllegalArgumentException("period " + period + " must be positive and at most the threshold " + threshold);
        }
        this.watches = new Watch[loops.length];
        for (int i = 0; i < loops.length; i++) {
            watches[i] = new Watch(loops[i]);
        }
        this.periodNanos = period.toNanos();
        this.thresholdNanos = threshold.toNanos();
        this.fatal = fatal;
        this.thread = new Thread(fatal.guard("watchdog-dead", this::run), "chat-watchdog");
        this.thread.setDaemon(true);
    }

    /** Starts checking; call once the loops run. */
    public void start() {
        thread.start();
    }

    /** Stops checking (before the loops are closed); waits for the watchdog thread to end. */
    @Override
    public void close() {
        closed.countDown();
        if (thread.isAlive() && Thread.currentThread() != thread) {
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Heartbeats the loops have run so far. */
    long heartbeats() {
        long sum = 0;
        for (Watch watch : watches) {
            sum += watch.beats;
        }
        return sum;
    }

    private void run() {
        long previous = System.nanoTime();
        while (!awaitClosed()) {
            long now = System.nanoTime();
            long counted = Math.min(now - previous, 2 * periodNanos);
            previous = now;
            for (Watch watch : watches) {
                check(watch, counted);
            }
        }
    }

    /** Waits one period; true once closed. */
    private boolean awaitClosed() {
        try {
            return closed.await(periodNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return true; // only close() is expected to end this thread; an interrupt ends it too
        }
    }

    private void check(Watch watch, long counted) {
        IoLoop loop = watch.loop;
        // Alive first, then open: a loop being closed clears "open" before its thread ends.
        boolean alive = loop.thread().isAlive();
        if (!loop.isOpen() || closed.getCount() == 0) {
            return;
        }
        if (!alive) {
            fatal.exit("io-loop-dead", loop.thread(), "the thread ended while the server runs");
            return;
        }
        if (!watch.pending) {
            watch.waitedNanos = 0;
            watch.pending = true;
            loop.execute(watch::beat);
            return;
        }
        watch.waitedNanos += counted;
        if (watch.waitedNanos >= thresholdNanos) {
            StackTraceElement[] stack = loop.thread().getStackTrace();
            fatal.exit("io-loop-stuck", loop.thread(), Fatal.describe(
                    "no heartbeat for " + TimeUnit.NANOSECONDS.toMillis(watch.waitedNanos) + " ms;", stack));
        }
    }

    /** One loop's heartbeat: pending from when it is posted until the loop runs it. */
    private static final class Watch {
        final IoLoop loop;
        volatile boolean pending;
        volatile long beats;
        /** The watchdog thread's own. */
        long waitedNanos;

        Watch(IoLoop loop) {
            this.loop = loop;
        }

        void beat() {
            if (loop.inLoop()) { // not when a stopped loop's tasks run on the caller
                beats++;
                pending = false;
            }
        }
    }
}
