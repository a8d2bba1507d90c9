package io.socketchat.server.internal;

import io.socketchat.server.transport.Transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A transport that keeps what the session writes, for tests of the core without sockets. */
class RecordingTransport implements Transport {

    private final String remoteAddress;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private volatile boolean closed;
    private volatile boolean outputFinished;
    private volatile boolean brokenPipe;
    private volatile boolean stalled;
    private volatile int writableRequests;
    private int writes;

    RecordingTransport(String remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    @Override
    public synchronized int write(ByteBuffer source) throws IOException {
        if (brokenPipe) {
            throw new IOException("Broken pipe");
        }
        if (stalled) {
            return 0; // a peer that stopped reading: its socket buffer is full
        }
        int length = source.remaining();
        byte[] bytes = new byte[length];
        source.get(bytes);
        written.write(bytes, 0, length);
        writes++;
        return length;
    }

    @Override
    public void requestWritable() {
        if (!stalled) {
            throw new AssertionError("a recording transport takes every write unless stalled");
        }
        writableRequests++;
    }

    @Override
    public void finishOutput() {
        outputFinished = true;
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public String remoteAddress() {
        return remoteAddress;
    }


    /** From now on nothing is written, as to a peer that stopped reading. */
    void stall() {
        stalled = true;
    }

    /** True once stalled (the writer now waits for a writable callback that never comes). */
    boolean isStalled() {
        return stalled;
    }

    /** From now on every write fails, as to a peer that went away. */
    void breakPipe() {
        brokenPipe = true;
    }

    /** Every complete line written so far. */
    synchronized List<String> lines() {
        String text = written.toString(StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    synchronized int writes() {
        return writes;
    }

    boolean isClosed() {
        return closed;
    }

    boolean isOutputFinished() {
        return outputFinished;
    }
}
