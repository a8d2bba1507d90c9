package io.socketchat.console.logging;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for {@code System.out} while a test runs: keeps what is written, counts the writes,
 * and can hold writers at a gate (a terminal that does not keep up).
 */
final class RecordingStdout extends OutputStream implements AutoCloseable {

    private final PrintStream saved = System.out;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger waitingAtGate = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private RecordingStdout() {
    }

    /** Replaces {@code System.out} (with an auto-flushing PrintStream, as the JVM's own) until closed. */
    static RecordingStdout install() {
        RecordingStdout recording = new RecordingStdout();
        System.setOut(new PrintStream(recording, true, StandardCharsets.UTF_8));
        return recording;
    }

    /** From now on writes wait until {@link #releaseWrites()}. */
    void holdWrites() {
        gate = new CountDownLatch(1);
    }

    void releaseWrites() {
        gate.countDown();
    }

    /** How many writers are held at the gate right now. */
    int waitingAtGate() {
        return waitingAtGate.get();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] data, int offset, int length) {
        waitingAtGate.incrementAndGet();
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            waitingAtGate.decrementAndGet();
        }
        synchronized (bytes) {
            bytes.write(data, offset, length);
        }
        writes.incrementAndGet();
    }

    /** Number of write calls that reached this stream. */
    int writes() {
        return writes.get();
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Complete lines written so far, without their ends. */
    List<String> lines() {
        String text = text();
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : text.substring(0, end).lines().toList();
    }

    @Override
    public void close() {
        releaseWrites();
        System.setOut(saved);
    }
}
