package io.socketchat.server.internal;

import io.socketchat.protocol.LineDecoder;
import io.socketchat.protocol.TelnetFilter;

/**
 * A session's input on its way from the transport to the session: bytes the I/O loop read,
 * and the virtual thread that turns them into lines and handles them.
 *
 * <p>No thread waits for a silent client: the loop appends what it reads, and a reader
 * virtual thread exists only while there is input to handle (it starts on the first bytes
 * and ends when all are handled, dropping its buffers). So an idle session costs no thread
 * and no buffer, and each client's lines are still handled one at a time, in order, on a
 * virtual thread that may block (flood pauses, back-pressure). When more than
 * {@link #MAX_QUEUED} bytes wait, the transport stops reading until the reader has taken
 * them: the client's TCP window fills and it slows down; nothing is dropped.
 */
final class Inbound implements LineDecoder.Listener {

    /** What the input side of a transport must offer. */
    interface Source {
        void pauseReading();

        void resumeReading();

        /** Everything was handled and input has ended for {@code reason}. */
        void inputFinished(String reason);
    }

    /** Bytes read but not yet handled beyond which the transport stops reading. */
    static final int MAX_QUEUED = 32 * 1024;

    private final ClientSession session;
    private final Source source;
    private final LineDecoder decoder;
    private final TelnetFilter telnet = new TelnetFilter();
    // Guarded by this object's monitor.
    private byte[] queued;
    private int queuedLength;
    private String endReason;
    private boolean readerActive;
    private boolean paused;
    // The reader's own: the buffer it handled last, reused while it keeps running.
    private byte[] spare;

    Inbound(ClientSession session, Source source, int maxLineBytes) {
        this.session = session;
        this.source = source;
        this.decoder = new LineDecoder(maxLineBytes);
    }

    /** How many more bytes the transport may hand over now; 0 means pause reading. */
    synchronized int room() {
        return endReason != null ? 0 : MAX_QUEUED - queuedLength;
    }

    /** Bytes the transport read (called by one transport thread at a time). */
    void received(byte[] bytes, int offset, int length) {
        boolean start;
        synchronized (this) {
            if (endReason != null) {
                return;
            }
            int needed = queuedLength + length;
            if (queued == null || needed > queued.length) {
                byte[] grown = new byte[Math.min(MAX_QUEUED, Math.max(needed, queued == null ? 0 : queued.length * 2))];
                if (queuedLength > 0) {
                    System.arraycopy(queued, 0, grown, 0, queuedLength);
                }
                queued = grown;
            }
            System.arraycopy(bytes, offset, queued, queuedLength, length);
            queuedLength = needed;
            if (queuedLength >= MAX_QUEUED) {
                paused = true;
                source.pauseReading();
            }
            start = !readerActive;
            readerActive = true;
        }
        if (start) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /** No more input will come; what is queued is still handled. The first reason stays. */
    void end(String reason) {
        boolean start;
        synchronized (this) {
            if (endReason != null) {
                return;
            }
            endReason = reason;
            start = !readerActive;
            readerActive = true;
        }
        if (start) {
            Thread.ofVirtual().start(this::read);
        }
    }

    /** The reader virtual thread: handles what is queued until nothing is, then ends. */
    private void read() {
        FlushBatch batch = FlushBatch.begin();
        String finished = null;
        try {
            while (true) {
                byte[] bytes;
                int length;
                boolean resume;
                synchronized (this) {
                    length = queuedLength;
                    bytes = queued;
                    resume = paused && endReason == null;
                    paused = false;
                    if (length > 0) {
                        queued = spare;
                        queuedLength = 0;
                    } else if (endReason != null) {
                        finished = endReason;
                        queued = null;
                    }
                }
                if (resume) {
                    source.resumeReading();
                }
                if (length > 0) {
                    spare = null;
                    // Telnet negotiation is dropped before framing: never text, never relayed.
                    int kept = telnet.filter(bytes, 0, length);
                    decoder.feed(bytes, 0, kept, this);
                    spare = bytes;
                    batch.flush();
                    continue;
                }
                if (finished != null || goIdle()) {
                    break;
                }
            }
        } finally {
            batch.end();
        }
        if (finished != null) {
            session.inputEnded(finished);
            source.inputFinished(finished);
        }
    }

    /** Nothing is queued: end the reader unless bytes or the end arrived meanwhile. */
    private synchronized boolean goIdle() {
        if (queuedLength > 0 || endReason != null) {
            return false;
        }
        readerActive = false;
        queued = null;
        spare = null;
        return true;
    }

    @Override
    public void line(byte[] bytes, int offset, int length) {
        session.receive(bytes, offset, length);
    }

    @Override
    public void lineTooLong() {
        session.receiveTooLong();
    }
}
