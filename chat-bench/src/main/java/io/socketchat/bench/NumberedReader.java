package io.socketchat.bench;

/**
 * A reader that reads everything and checks the numbered lines of a few senders: line
 * {@code <prefix><sender> <seq> <sendNanos> ...} (prefix {@code MSG } or {@code DM }) must
 * arrive for every seq from 0 up, each once, in order. A seq past the next one expected is a
 * gap (lines lost); one before it is out of order. Lines of other senders and other lines
 * (notices) are skipped. Runs on the client's reading thread; figures are read after it.
 */
final class NumberedReader implements LineReader.Handler {

    private static final byte[] SHUTTING_DOWN = Wire.ascii("INFO server shutting down");

    private final byte[] prefix;
    private final byte[][] senders;
    private final long[] next;
    private final Latency latency = new Latency();
    private volatile long received;
    long gaps;
    long orderViolations;
    long foreign;
    volatile boolean sawShutdownNotice;

    /** @param prefix {@code "MSG "} or {@code "DM "}; @param senders the names whose lines are counted */
    NumberedReader(String prefix, String... senders) {
        this.prefix = Wire.ascii(prefix);
        this.senders = new byte[senders.length][];
        for (int i = 0; i < senders.length; i++) {
            this.senders[i] = Wire.ascii(senders[i]);
        }
        this.next = new long[senders.length];
    }

    @Override
    public boolean line(byte[] bytes, int offset, int length) {
        if (!Wire.startsWith(bytes, offset, length, prefix)) {
            if (Wire.equals(bytes, offset, length, SHUTTING_DOWN)) {
                sawShutdownNotice = true;
            }
            return true;
        }
        long now = System.nanoTime();
        int end = offset + length;
        int nameStart = offset + prefix.length;
        int nameEnd = Wire.nextSpace(bytes, nameStart, end);
        int sender = sender(bytes, nameStart, nameEnd);
        if (sender < 0) {
            foreign++;
            return true;
        }
        int seqEnd = Wire.nextSpace(bytes, nameEnd + 1, end);
        int sentEnd = Wire.nextSpace(bytes, seqEnd + 1, end);
        long seq = Wire.digits(bytes, nameEnd + 1, seqEnd);
        long sent = Wire.digits(bytes, seqEnd + 1, sentEnd);
        if (seq < 0) {
            foreign++;
            return true;
        }
        long expected = next[sender];
        if (seq < expected) {
            orderViolations++;
            return true;
        }
        if (seq > expected) {
            gaps += seq - expected;
        }
        next[sender] = seq + 1;
        if (sent > 0) {
            latency.recordNanos(now - sent);
        }
        received = received + 1;
        return true;
    }

    private int sender(byte[] bytes, int from, int to) {
        int length = to - from;
        for (int i = 0; i < senders.length; i++) {
            if (Wire.equals(bytes, from, length, senders[i])) {
                return i;
            }
        }
        return -1;
    }

    /** Numbered lines that arrived in order (after a gap too), over all its senders. */
    long received() {
        return received;
    }

    Latency latency() {
        return latency;
    }
}
