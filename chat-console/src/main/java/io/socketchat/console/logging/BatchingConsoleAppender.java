package io.socketchat.console.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to {@code System.out} from one background thread, many lines per write.
 *
 * <p>Logging threads only queue the event. The writer thread takes whatever is queued, encodes
 * it into one buffer and writes that buffer with a single write to {@code System.out} as it is
 * at that moment (so the operator shell's prompt routing still sees every line); whenever
 * the queue is empty it has flushed everything. A line never waits in a buffer, and in the
 * queue only until the writer next looks: about a millisecond at most unless the writer is busy
 * writing earlier lines (see {@link #awaitNext()}).
 *
 * <p>Why not logback's AsyncAppender in front of a ConsoleAppender: that pair hands events on
 * one at a time, and {@code System.out} is a PrintStream that flushes on every write, so each
 * line cost a write system call, and nearly every line woke the worker thread (each about
 * 100,000 a second under full DM load). The downstream appender cannot tell when the queue has
 * run dry, so it cannot batch safely on its own, and logback has no setting for that.
 *
 * <p>Nothing is dropped: when the queue is full, logging threads wait (like AsyncAppender with
 * discardingThreshold 0 and neverBlock false). {@link #stop()} writes out everything queued
 * before it, waiting up to {@code maxFlushTime} ms (0: as long as it takes).
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** Lines go out once this many bytes are buffered, even if more are queued. */
    private static final int WRITE_THRESHOLD = 64 * 1024;
    private static final int DRAIN_CHUNK = 1024;
    /** How long a line may wait in the queue while lines keep coming (see {@link #awaitNext()}). */
    private static final long LOOK_INTERVAL_NANOS = 1_000_000;
    private static final int IDLE_LOOKS = 100;
    /** Queued by {@link #stop()}: everything before it is written, then the writer ends. */
    private static final ILoggingEvent END = new LoggingEvent();

    private Encoder<ILoggingEvent> encoder;
    private int queueSize = 65536;
    private int maxFlushTime = 10_000;
    private BlockingQueue<ILoggingEvent> queue;
    private Thread writer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(WRITE_THRESHOLD + 8192);
    private int writeFailures;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    public int getMaxFlushTime() {
        return maxFlushTime;
    }

    @Override
    public void start() {
        if (writer != null) {
            addWarn("Appender [" + name + "] starts once; it is not restarted after a stop.");
            return;
        }
        if (encoder == null) {
            addError("No encoder set for the appender named [" + name + "].");
            return;
        }
        if (queueSize < 1) {
            addError("Invalid queue size [" + queueSize + "]");
            return;
        }
        queue = new ArrayBlockingQueue<>(queueSize);
        byte[] header = encoder.headerBytes();
        if (header != null) {
            buffer.writeBytes(header);
        }
        writer = new Thread(this::writeLoop, "log-writer-" + name);
        writer.setDaemon(true); // a context never stopped must not keep the JVM alive
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // message, MDC and thread name as of now
        putUninterruptibly(event);
    }

    /** Waits for room rather than dropping the line; keeps an interrupt for the caller. */
    private void putUninterruptibly(ILoggingEvent event) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(event);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes out everything queued so far, then ends the writer. Every caller waits for that (up
     * to maxFlushTime), even one that finds the stop already begun: at exit the signal hook and
     * the main thread may both stop logging, and either may halt the JVM right after.
     */
    @Override
    public void stop() {
        if (writer == null) {
            return; // never started
        }
        if (stopping.compareAndSet(false, true)) {
            super.stop(); // later events are refused, as by any stopped appender
            putUninterruptibly(END);
        }
        if (!awaitWriter()) {
            addWarn("Log lines not written within maxFlushTime=" + maxFlushTime + " ms: about "
                    + queue.size() + " lines lost");
        } else if (finished.compareAndSet(false, true)) {
            byte[] footer = encoder.footerBytes();
            if (footer != null && footer.length > 0) {
                buffer.writeBytes(footer);
                writeBuffer();
            }
            encoder.stop(); // not before: the writer encodes until it ends
        }
    }

    /** True once the writer has ended; an interrupt does not cut the wait short (it is kept). */
    private boolean awaitWriter() {
        boolean interrupted = false;
        while (writer.isAlive()) {
            try {
                writer.join(maxFlushTime);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return !writer.isAlive();
    }

    private void writeLoop() {
        List<ILoggingEvent> batch = new ArrayList<>(DRAIN_CHUNK);
        boolean ending = false;
        while (!ending) {
            try {
                batch.add(awaitNext());
            } catch (InterruptedException e) {
                continue; // only stop() ends this thread, after writing what is queued
            }
            do {
                queue.drainTo(batch, DRAIN_CHUNK - batch.size());
                ending |= encode(batch);
                batch.clear();
                if (buffer.size() >= WRITE_THRESHOLD) {
                    writeBuffer();
                }
            } while (!queue.isEmpty());
            writeBuffer(); // the queue ran dry: nothing may wait in the buffer
        }
        // events from loggers that passed the started check just before stop(): write them too
        queue.drainTo(batch);
        encode(batch);
        writeBuffer();
    }

    /**
     * The next event. While lines keep coming, the writer looks every millisecond instead of
     * waiting to be woken: a logging thread then only queues its line, without also waking this
     * thread (a system call per line, as costly as the write it saves), and each wake-up finds
     * many lines to write at once. After {@link #IDLE_LOOKS} empty looks it waits to be woken,
     * so an idle server does not tick, and the next line goes out at once.
     */
    private ILoggingEvent awaitNext() throws InterruptedException {
        for (int look = 0; look < IDLE_LOOKS; look++) {
            ILoggingEvent next = queue.poll();
            if (next != null) {
                return next;
            }
            LockSupport.parkNanos(LOOK_INTERVAL_NANOS);
        }
        return queue.take();
    }

    /** Appends the lines to the buffer; true if the batch held {@link #END}. */
    private boolean encode(List<ILoggingEvent> batch) {
        boolean sawEnd = false;
        for (ILoggingEvent event : batch) {
            if (event == END) {
                sawEnd = true;
                continue;
            }
            try {
                buffer.writeBytes(encoder.encode(event));
            } catch (RuntimeException e) {
                reportFailure("Cannot encode a log event", e);
            }
        }
        return sawEnd;
    }

    /** One write of everything buffered, to {@code System.out} as it is now. */
    private void writeBuffer() {
        if (buffer.size() == 0) {
            return;
        }
        PrintStream out = System.out;
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportFailure("Cannot write log lines", e);
        }
        buffer.reset();
    }

    private void reportFailure(String what, Exception e) {
        if (writeFailures++ < 8) {
            addError(what, e);
        }
    }
}
