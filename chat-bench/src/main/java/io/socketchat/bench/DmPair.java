package io.socketchat.bench;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;

/**
 * One ping-pong pair: the pinger sends {@code DM <echoer> <seq> <sendNanos> <padding>}, the
 * echoer sends the same text back to the pinger, and the pinger, on reading it, records the
 * round trip and sends the next one until the deadline. Both sides write from their own
 * reading thread, so each socket has one writer.
 */
final class DmPair {

    private static final byte[] ERR = Wire.ascii("ERR");

    private final String pingerName;
    private final String echoerName;
    private final Wire.MessageFormat ping;
    private final byte[] replyPrefix;
    private final CountDownLatch done;
    private final Latency latency = new Latency();
    private volatile BenchClient pingerClient;
    private volatile BenchClient echoerClient;
    private volatile long nextSeq;
    private volatile long deadline;
    long roundTrips;
    long orderViolations;
    long errors;
    long finishNanos;
    private volatile long progress;

    DmPair(String pingerName, String echoerName, int size, CountDownLatch done) {
        this.pingerName = pingerName;
        this.echoerName = echoerName;
        this.ping = new Wire.MessageFormat("DM " + echoerName + " ", size);
        this.replyPrefix = Wire.ascii("DM " + pingerName + " ");
        this.done = done;
    }

    String pingerName() {
        return pingerName;
    }

    String echoerName() {
        return echoerName;
    }

    /** The fleet's connections for the two names; set before any line can arrive for them. */
    void bind(BenchClient pingerClient, BenchClient echoerClient) {
        this.pingerClient = pingerClient;
        this.echoerClient = echoerClient;
    }

    /** Sends the first ping; the rest follow from the pinger's reading thread. */
    void start(long deadlineNanos) throws IOException {
        deadline = deadlineNanos;
        nextSeq = 0;
        sendPing(0);
    }

    private void sendPing(long seq) throws IOException {
        int length = ping.format(seq, System.nanoTime());
        pingerClient.write(ping.buffer(), 0, length);
    }

    /** What the pinger reads: the echo of its last ping. */
    final LineReader.Handler pingerSide = this::onEcho;

    private boolean onEcho(byte[] bytes, int offset, int length) throws IOException {
        if (!Wire.isDm(bytes, offset, length)) {
            if (Wire.startsWith(bytes, offset, length, ERR)) {
                errors++;
            }
            return true; // INFO lines of others leaving are not ours to count
        }
        long now = System.nanoTime();
        int end = offset + length;
        int nameEnd = Wire.nextSpace(bytes, offset + 3, end);
        int seqEnd = Wire.nextSpace(bytes, nameEnd + 1, end);
        int sentEnd = Wire.nextSpace(bytes, seqEnd + 1, end);
        long seq = Wire.digits(bytes, nameEnd + 1, seqEnd);
        long sent = Wire.digits(bytes, seqEnd + 1, sentEnd);
        if (seq != nextSeq) {
            orderViolations++;
        }
        roundTrips++;
        latency.recordNanos(now - sent);
        if ((roundTrips & 63) == 0) {
            progress = roundTrips;
        }
        if (now - deadline < 0) {
            nextSeq = seq + 1;
            sendPing(seq + 1);
        } else {
            finishNanos = now;
            progress = roundTrips;
            done.countDown();
        }
        return true;
    }

    /** What the echoer reads: a ping, answered with the same text. */
    final LineReader.Handler echoerSide = new LineReader.Handler() {
        private byte[] reply = new byte[256];

        @Override
        public boolean line(byte[] bytes, int offset, int length) throws IOException {
            if (!Wire.isDm(bytes, offset, length)) {
                return true;
            }
            int end = offset + length;
            int textStart = Wire.nextSpace(bytes, offset + 3, end) + 1;
            int textLength = Math.max(0, end - textStart);
            int total = replyPrefix.length + textLength + 1;
            if (total > reply.length) {
                reply = new byte[total];
            }
            System.arraycopy(replyPrefix, 0, reply, 0, replyPrefix.length);
            System.arraycopy(bytes, textStart, reply, replyPrefix.length, textLength);
            reply[total - 1] = '\n';
            echoerClient.write(reply, 0, total);
            return true;
        }
    };

    long progress() {
        return progress;
    }

    Latency latency() {
        return latency;
    }

    /** Pings sent but never answered: at most the one in flight. */
    long outstanding() {
        return finishNanos == 0 ? 1 : 0;
    }
}
