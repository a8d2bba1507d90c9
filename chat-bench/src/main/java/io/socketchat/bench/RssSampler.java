package io.socketchat.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Reads a process's resident set size every few milliseconds on its own thread and keeps the
 * highest value seen: over the whole run, and over a window the caller restarts (e.g. one
 * wave of connections). A peak shorter than the interval can slip between two samples; the
 * kernel's own high-water mark (VmHWM) catches those, but only since the process started.
 */
final class RssSampler implements AutoCloseable {

    private final LongSupplier rssKib;
    private final long intervalNanos;
    private Thread thread;
    private volatile boolean stopped;
    // Guarded by this.
    private long samples;
    private long lastKib = -1;
    private long peakKib = -1;
    private long windowPeakKib = -1;

    /** @param rssKib the current RSS in KiB, or a negative number when it cannot be read */
    RssSampler(LongSupplier rssKib, Duration interval) {
        this.rssKib = rssKib;
        this.intervalNanos = Math.max(1, interval.toNanos());
    }

    static RssSampler of(long pid, Duration interval) {
        return new RssSampler(() -> ServerMemory.rssKib(pid), interval);
    }

    /** Starts sampling; the first sample is taken before this returns. */
    RssSampler start() {
        sample();
        thread = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            long next = System.nanoTime() + intervalNanos;
            while (!stopped) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                next += intervalNanos;
                if (next < System.nanoTime()) {
                    next = System.nanoTime() + intervalNanos; // fell behind (a busy machine): no burst of catch-up samples
                }
                sample();
            }
        });
        return this;
    }

    /** Takes one sample now. */
    void sample() {
        record(rssKib.getAsLong());
    }

    /** Books one reading (negative: unreadable, ignored). */
    synchronized void record(long kib) {
        if (kib < 0) {
            return;
        }
        samples++;
        lastKib = kib;
        peakKib = Math.max(peakKib, kib);
        windowPeakKib = Math.max(windowPeakKib, kib);
    }

    synchronized long samples() {
        return samples;
    }

    /** The last reading, or -1. */
    synchronized long lastKib() {
        return lastKib;
    }

    /** The highest reading so far, or -1. */
    synchronized long peakKib() {
        return peakKib;
    }

    /** The highest reading since the last call (or the start); the next window starts at the last reading. */
    synchronized long takeWindowPeak() {
        long peak = windowPeakKib;
        windowPeakKib = lastKib;
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(2));
        }
        sample();
    }
}
