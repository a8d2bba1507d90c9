package io.socketchat.protocol;

import java.util.Arrays;

/**
 * Splits a byte stream into lines. Feed it whatever a read returned; it calls the
 * {@link Listener} for each complete line, however the bytes were split across reads.
 *
 * <p>A line ends at LF; one CR right before the LF is dropped (telnet sends CRLF). A line
 * longer than the limit is reported once through {@link Listener#lineTooLong()} and the
 * rest of it, up to its LF, is discarded; the stream then goes on with the next line.
 *
 * <p>Not thread-safe: one decoder belongs to one connection's reader. Its buffer starts
 * small and grows only when a line needs it, so idle connections stay cheap.
 */
public final class LineDecoder {

    /** Receives what the decoder finds, in stream order. */
    public interface Listener {
        /** A complete line, without its LF (and CR), exactly as the bytes came. */
        void line(byte[] bytes, int offset, int length);

        /** A line went past the limit; its remaining bytes will be skipped. */
        void lineTooLong();
    }

    private static final int INITIAL_CAPACITY = 128;

    private int maxLineBytes;
    /** Shared by every decoder that holds no partial line: an idle connection allocates nothing. */
    private static final byte[] EMPTY = new byte[0];

    private byte[] pending = EMPTY;
    private int pendingLength;
    private boolean discarding;

    /** @param maxLineBytes the longest line accepted, CR excluded; at least 1 */
    public LineDecoder(int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
    }

    public int maxLineBytes() {
        return maxLineBytes;
    }

    /**
     * Changes the limit for the line being read and those after it (a server lets a client
     * send longer lines once it has logged in). A partial line already past the new limit is
     * dropped as too long when it ends.
     */
    public void maxLineBytes(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("maxLineBytes must be at least 1: " + limit);
        }
        maxLineBytes = limit;
    }

    /** Bytes of an unfinished line held now (its buffer may be larger). */
    public int heldBytes() {
        return pending.length;
    }

    /** True while bytes of an unfinished line are held (a partial line is not activity). */
    public boolean hasPartialLine() {
        return pendingLength > 0 || discarding;
    }

    public void feed(byte[] bytes, int offset, int length, Listener listener) {
        int end = offset + length;
        int start = offset;
        while (start < end) {
            int lf = Bytes.indexOf(bytes, (byte) '\n', start, end);
            if (lf < 0) {
                append(bytes, start, end - start, listener);
                return;
            }
            if (discarding) {
                discarding = false;
            } else if (pendingLength == 0) {
                emit(bytes, start, lf - start, listener);
            } else {
                append(bytes, start, lf - start, listener);
                if (!discarding) {
                    emit(pending, 0, pendingLength, listener);
                }
                discarding = false;
            }
            pendingLength = 0;
            releaseBuffer();
            start = lf + 1;
        }
    }

    private void emit(byte[] bytes, int offset, int length, Listener listener) {
        if (length > 0 && bytes[offset + length - 1] == '\r') {
            length--;
        }
        if (length > maxLineBytes) {
            listener.lineTooLong();
            return;
        }
        listener.line(bytes, offset, length);
    }

    private void append(byte[] bytes, int offset, int length, Listener listener) {
        if (discarding) {
            return;
        }
        // One extra byte is allowed for a CR that may turn out to precede the LF.
        if (pendingLength + length > maxLineBytes + 1) {
            discarding = true;
            pendingLength = 0;
            releaseBuffer();
            listener.lineTooLong();
            return;
        }
        int needed = pendingLength + length;
        if (needed > pending.length) {
            int capacity = Math.max(INITIAL_CAPACITY, pending.length * 2);
            pending = Arrays.copyOf(pending, Math.min(Math.max(capacity, needed), maxLineBytes + 1));
        }
        System.arraycopy(bytes, offset, pending, pendingLength, length);
        pendingLength = needed;
    }

    /** Once a line is complete, an idle connection keeps no buffer of its own. */
    private void releaseBuffer() {
        pending = EMPTY;
    }
}
