package io.socketchat.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * What one fan-out client reads: counts bench messages (lobby {@code MSG} or room {@code SAY}) per sender, checks each sender's
 * sequence only goes up, and records latency from the send time the message carries.
 * Runs on the client's reading thread; its figures are read after that thread ended.
 */
final class MsgCounter implements LineReader.Handler {

    private static final byte[] ERR = Wire.ascii("ERR");
    private static final byte[] MSG = Wire.ascii("MSG ");

    /** What a counted line starts with, up to the sender's name: {@code MSG } or {@code SAY #room }. */
    private final byte[] prefix;
    private final long expected;
    private final long[] lastSeq;
    private final int senderOffset;
    private final CountDownLatch done;
    private final Latency latency = new Latency();
    long received;
    long orderViolations;
    long foreign;
    long errors;
    long lastNanos;
    private volatile long progress;

    /**
     * @param expected     how many messages this client should read in all
     * @param senders      how many senders there are, numbered from {@code senderOffset}
     * @param done         counted down once when {@code expected} messages have arrived
     */
    MsgCounter(long expected, int senders, int senderOffset, CountDownLatch done) {
        this(MSG, expected, senders, senderOffset, done);
    }

    /** As above, counting the lines that start with {@code prefix} (e.g. {@code SAY #room }) instead of {@code MSG }. */
    MsgCounter(byte[] prefix, long expected, int senders, int senderOffset, CountDownLatch done) {
        this.prefix = prefix;
        this.expected = expected;
        this.lastSeq = new long[senders];
        Arrays.fill(lastSeq, -1);
        this.senderOffset = senderOffset;
        this.done = done;
        if (expected == 0) {
            done.countDown();
        }
    }

    @Override
    public boolean line(byte[] bytes, int offset, int length) {
        if (!Wire.startsWith(bytes, offset, length, prefix)) {
            if (Wire.startsWith(bytes, offset, length, ERR)) {
                errors++;
            }
            return true; // INFO lines of others leaving, JOIN notices and HIST lines are not ours to count
        }
        long now = System.nanoTime();
        int end = offset + length;
        int nameStart = offset + prefix.length;
        int nameEnd = Wire.nextSpace(bytes, nameStart, end);
        int seqEnd = Wire.nextSpace(bytes, nameEnd + 1, end);
        int sentEnd = Wire.nextSpace(bytes, seqEnd + 1, end);
        long sender = Wire.trailingDigits(bytes, nameStart, nameEnd) - senderOffset;
        long seq = Wire.digits(bytes, nameEnd + 1, seqEnd);
        long sent = Wire.digits(bytes, seqEnd + 1, sentEnd);
        if (sender < 0 || sender >= lastSeq.length || seq < 0 || sent < 0) {
            foreign++;
            return true;
        }
        int s = (int) sender;
        if (seq <= lastSeq[s]) {
            orderViolations++;
        }
        lastSeq[s] = seq;
        latency.recordNanos(now - sent);
        lastNanos = now;
        long count = ++received;
        if (count == expected) {
            progress = count;
            done.countDown();
        } else if ((count & 1023) == 0) {
            progress = count;
        }
        return true;
    }

    /** Messages read so far, as last published by the reading thread (for progress watching). */
    long progress() {
        return progress;
    }

    Latency latency() {
        return latency;
    }
}
