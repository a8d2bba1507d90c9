package io.socketchat.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A logged-in user who is not part of the load: it sends {@code PING} every interval and times
 * each {@code PONG} (the server answers in order, so the n-th PONG answers the n-th PING),
 * and counts the leave notices it is sent. Its own two platform threads, so it does not wait
 * behind the bench's selector threads.
 */
final class Bystander implements AutoCloseable {

    private static final byte[] PING = Wire.ascii("PING\n");
    private static final byte[] PONG = Wire.ascii("PONG");
    private static final byte[] OK = Wire.ascii("OK");
    private static final byte[] SHUTTING_DOWN = Wire.ascii("INFO server shutting down");

    private final String name;
    private final long intervalNanos;
    private final AtomicLongArray sentAt;
    private final Latency latency = new Latency();
    private final Tail tail = new Tail();
    private Socket socket;
    private OutputStream out;
    private Thread reader;
    private Thread pinger;
    private volatile boolean stopPinging;
    private volatile boolean closing;
    private volatile int pings;
    private volatile int pongs;
    private volatile long worstNanos;
    private volatile long leaveNotices;
    private volatile long leaveSummaries;
    private volatile long summarizedLeaves;
    private volatile boolean sawShutdownNotice;

    /** @param maxPings the most PINGs it sends (bounds a run whose end never comes) */
    Bystander(String name, Duration interval, int maxPings) {
        this.name = name;
        this.intervalNanos = Math.max(1, interval.toNanos());
        this.sentAt = new AtomicLongArray(Math.max(1, maxPings));
    }

    /** Connects, logs in (waiting for OK up to {@code timeout}), and starts pinging. */
    void start(InetSocketAddress server, InetAddress source, Duration timeout) throws IOException {
        socket = new Socket();
        if (source != null) {
            socket.bind(new InetSocketAddress(source, 0));
        }
        socket.setTcpNoDelay(true);
        socket.connect(server, (int) timeout.toMillis());
        out = socket.getOutputStream();
        out.write(Wire.ascii("LOGIN " + name + "\n"));
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[256 * 1024];
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int filled = 0;
        int okEnd = -1;
        try {
            while (okEnd < 0) {
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    throw new IOException("bystander " + name + ": closed before OK");
                }
                filled += read;
                int newline = Wire.indexOfNewline(buffer, 0, filled);
                if (newline >= 0) {
                    int length = newline > 0 && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                    if (!Wire.equals(buffer, 0, length, OK)) {
                        throw new IOException("bystander " + name + ": LOGIN answered "
                                + new String(buffer, 0, length, StandardCharsets.UTF_8));
                    }
                    okEnd = newline + 1;
                }
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("bystander " + name + ": no OK within " + timeout, e);
        }
        socket.setSoTimeout(0);
        int held = filled - okEnd;
        System.arraycopy(buffer, okEnd, buffer, 0, held);
        reader = Thread.ofPlatform().daemon().name("bystander-reader").start(() -> read(in, buffer, held));
        pinger = Thread.ofPlatform().daemon().name("bystander-pinger").start(this::ping);
    }

    private void ping() {
        long next = System.nanoTime();
        for (int k = 0; k < sentAt.length() && !stopPinging; k++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
                if (stopPinging) {
                    return;
                }
            }
            // The send time is taken before the write: a write the server holds up counts.
            sentAt.set(k, System.nanoTime());
            pings = k + 1;
            try {
                out.write(PING);
            } catch (IOException e) {
                tail.ended(Tail.endOf(e));
                return;
            }
            next += intervalNanos;
            long now = System.nanoTime();
            if (next < now) {
                next = now; // behind: the next one goes at once, not a burst to catch up
            }
        }
    }

    private void read(InputStream in, byte[] buffer, int held) {
        int filled = held;
        try {
            int start = LineReader.lines(buffer, 0, filled, this::line);
            filled = compact(buffer, start, filled);
            while (true) {
                if (filled == buffer.length) {
                    filled = 0; // a line longer than the buffer: dropped, the bystander only times PONGs
                }
                int read = in.read(buffer, filled, buffer.length - filled);
                if (read < 0) {
                    if (!closing) {
                        tail.ended("eof");
                    }
                    return;
                }
                int end = filled + read;
                start = LineReader.lines(buffer, filled, end, this::line);
                filled = compact(buffer, start, end);
            }
        } catch (IOException e) {
            if (!closing) {
                tail.ended(Tail.endOf(e));
            }
        }
    }

    private static int compact(byte[] buffer, int start, int end) {
        int left = end - start;
        if (left > 0 && start > 0) {
            System.arraycopy(buffer, start, buffer, 0, left);
        }
        return left;
    }

    private boolean line(byte[] bytes, int offset, int length) {
        long now = System.nanoTime();
        tail.line(bytes, offset, length);
        if (Wire.equals(bytes, offset, length, PONG)) {
            int index = pongs;
            if (index < pings) {
                long rtt = now - sentAt.get(index);
                latency.recordNanos(rtt);
                if (rtt > worstNanos) {
                    worstNanos = rtt;
                }
            }
            pongs = index + 1;
            return true;
        }
        long summed = Notices.summaryCount(bytes, offset, length);
        if (summed >= 0) {
            leaveSummaries++;
            summarizedLeaves += summed;
        } else if (Notices.isLeave(bytes, offset, length)) {
            leaveNotices++;
        } else if (Wire.equals(bytes, offset, length, SHUTTING_DOWN)) {
            sawShutdownNotice = true;
        }
        return true;
    }

    /** Stops sending PINGs (those sent still count). */
    void stopPinging() throws InterruptedException {
        stopPinging = true;
        if (pinger != null) {
            pinger.interrupt();
            pinger.join(TimeUnit.SECONDS.toMillis(5));
        }
    }

    /** Waits until every PING sent has its PONG, the connection ended, or the deadline passed. */
    boolean awaitPongs(long deadlineNanos) throws InterruptedException {
        while (pongs < pings && !tail.cut() && System.nanoTime() - deadlineNanos < 0) {
            Thread.sleep(10);
        }
        return pongs >= pings;
    }

    /** Waits until the leave notices (one line each, or summed up) count {@code expected} users, or the deadline. */
    boolean awaitLeaves(long expected, long deadlineNanos) throws InterruptedException {
        while (leavesCounted() < expected && !tail.cut() && System.nanoTime() - deadlineNanos < 0) {
            Thread.sleep(5);
        }
        return leavesCounted() >= expected;
    }

    /** Users the leave notices so far tell of: one per notice plus each summary's count. */
    long leavesCounted() {
        return leaveNotices + summarizedLeaves;
    }

    int pings() {
        return pings;
    }

    int pongs() {
        return pongs;
    }

    long worstNanos() {
        return worstNanos;
    }

    Latency latency() {
        return latency;
    }

    long leaveNotices() {
        return leaveNotices;
    }

    long leaveSummaries() {
        return leaveSummaries;
    }

    long summarizedLeaves() {
        return summarizedLeaves;
    }

    boolean sawShutdownNotice() {
        return sawShutdownNotice;
    }

    Tail tail() {
        return tail;
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        stopPinging();
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // done with it
            }
        }
        if (reader != null) {
            reader.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
