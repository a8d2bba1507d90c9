package io.socketchat.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends numbered lines ({@code MSG <seq> <sendNanos> <padding>}, or a DM to one user) at a
 * steady rate from one bench client until told to stop: the traffic of the well-behaved
 * readers. A line counts as sent once all its bytes are written; a write the server holds up
 * is given up when the sender is stopped.
 */
final class StreamSender {

    private final BenchClient client;
    private final Wire.MessageFormat format;
    private final long intervalNanos;
    private final long maxLines;
    private volatile boolean stopped;
    private volatile long sent;
    private volatile String error;
    private Thread thread;

    /**
     * @param command  {@code "MSG "} or {@code "DM <user> "}
     * @param rate     lines per second (more than 0)
     * @param maxLines the most it sends (bounds a run whose end never comes)
     */
    StreamSender(BenchClient client, String command, int size, double rate, long maxLines) {
        this.client = client;
        this.format = new Wire.MessageFormat(command, size);
        this.intervalNanos = (long) (1e9 / Math.max(0.001, rate));
        this.maxLines = maxLines;
    }

    String name() {
        return client.name();
    }

    void start() {
        thread = Thread.ofVirtual().name("sender-" + client.name()).start(this::run);
    }

    private void run() {
        long start = System.nanoTime();
        for (long seq = 0; seq < maxLines && !stopped; seq++) {
            long due = start + seq * intervalNanos;
            long wait;
            while ((wait = due - System.nanoTime()) > 0 && !stopped) {
                LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(20)));
            }
            if (stopped) {
                return;
            }
            int length = format.format(seq, System.nanoTime());
            try {
                if (!writeAll(format.buffer(), length)) {
                    return;
                }
            } catch (IOException e) {
                error = e.toString();
                return;
            }
            sent = seq + 1;
        }
    }

    private boolean writeAll(byte[] bytes, int length) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(bytes, 0, length);
        while (out.hasRemaining()) {
            if (client.channel().write(out) == 0) {
                if (stopped) {
                    return false;
                }
                LockSupport.parkNanos(200_000);
            }
        }
        return true;
    }

    /** Stops sending and waits for the sending thread; returns the lines sent. */
    long stop() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        return sent;
    }

    long sent() {
        return sent;
    }

    /** The write error that ended it, or null. */
    String error() {
        return error;
    }
}
