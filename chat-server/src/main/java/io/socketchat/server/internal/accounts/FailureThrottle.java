package io.socketchat.server.internal.accounts;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Failed password attempts per key (an account, an address): after {@code limit} failures
 * within {@code window}, the key is throttled until the oldest of them is older than the window.
 * A clock is injected ({@link System#nanoTime} in the server) so that tests need not wait.
 *
 * <p>Memory: one small deque per key with a recent failure (keys are short: a valid name or an
 * address); keys whose failures have all expired are dropped when the map grows past
 * {@value #PRUNE_AT} keys, and past {@value #MAX_KEYS} live keys no new key is tracked (an attack
 * from that many addresses at once costs no more memory; the keys already held stay throttled).
 */
public final class FailureThrottle {

    static final int PRUNE_AT = 10_000;
    static final int MAX_KEYS = 100_000;

    private final int limit;
    private final long windowNanos;
    private final LongSupplier clock;
    private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
    private static final long PRUNE_EVERY_NANOS = 1_000_000_000L;
    /** When the last prune ran; racy on purpose (two prunes at once do no harm). */
    private volatile long lastPruneNanos = Long.MIN_VALUE / 2;

    public FailureThrottle(int limit, Duration window, LongSupplier nanoClock) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
        this.clock = nanoClock;
    }

    /** Whether {@code key} has {@code limit} failures within the window now. */
    public boolean isThrottled(String key) {
        ArrayDeque<Long> times = failures.get(key);
        if (times == null) {
            return false;
        }
        long now = clock.getAsLong();
        synchronized (times) {
            expire(times, now);
            return times.size() >= limit;
        }
    }

    /** One more failure for {@code key}. */
    public void failed(String key) {
        long now = clock.getAsLong();
        if (failures.size() > PRUNE_AT) {
            pruneNowAndThen(now); // at most once a second, never per attempt
        }
        if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
            return; // full of live keys: this one is not tracked
        }
        ArrayDeque<Long> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            expire(times, now);
            times.addLast(now);
            while (times.size() > limit) {
                times.removeFirst(); // only the newest `limit` matter
            }
        }
    }

    /** A success: {@code key}'s failures are forgotten. */
    public void succeeded(String key) {
        failures.remove(key);
    }

    private void expire(ArrayDeque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() >= windowNanos) {
            times.removeFirst();
        }
    }

    private void pruneNowAndThen(long now) {
        if (now - lastPruneNanos >= PRUNE_EVERY_NANOS) {
            lastPruneNanos = now;
            prune(now);
        }
    }

    private void prune(long now) {
        for (Iterator<ArrayDeque<Long>> it = failures.values().iterator(); it.hasNext(); ) {
            ArrayDeque<Long> times = it.next();
            synchronized (times) {
                expire(times, now);
                if (times.isEmpty()) {
                    it.remove();
                }
            }
        }
    }

    /** Keys with failures held now (for tests and statistics). */
    int keys() {
        return failures.size();
    }
}
