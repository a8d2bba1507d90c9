package io.socketchat.console.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to {@code System.out} from one background thread, many lines per write,
 * and never makes a logging thread wait.
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
 * <p><b>A full queue drops lines, it never blocks.</b> Standard output can stop being read
 * (a pipe into a program that does not read it, a terminal on hold); a logging thread that
 * waited for room would stop the chat thread it runs on, and with it the whole server. So an
 * event is refused, and counted, when there is no room for it: TRACE, DEBUG and INFO once the
 * queue holds three quarters of {@code queueSize} events, WARN and ERROR only once it is full,
 * so the last quarter keeps room for the lines that matter most. When the writer next catches
 * up (a write succeeded and it found the queue empty) it writes one line
 * {@code [LOG] dropped=N} at WARN, through the encoder like any other line, with the number of
 * events refused since the previous such line. The count is never lost: a report that cannot be
 * written is added back and reported with the next one.
 *
 * <p>{@link #stop()} writes out what is queued, but waits for that at most {@code maxFlushTime}
 * ms (default 1000; 0 or less: not at all), counted from the first call, and not at all when the
 * writer has already been stuck in one write for that long: a stuck stdout must not hold up the
 * exit. The writer thread is a daemon, so a writer stuck in a write never keeps the JVM alive
 * either.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

    /** The tag and field of the line that reports refused events. */
    static final String DROPPED = "[LOG] dropped=";
    /** Lines go out once this many bytes are buffered, even if more are queued. */
    private static final int WRITE_THRESHOLD = 64 * 1024;
    private static final int DRAIN_CHUNK = 1024;
    /** How long a line may wait in the queue while lines keep coming (see {@link #awaitNext()}). */
    private static final long LOOK_INTERVAL_NANOS = 1_000_000;
    private static final int IDLE_LOOKS = 100;
    /** Queued by {@link #stop()}: everything before it is written, then the writer ends. */
    private static final ILoggingEvent END = new LoggingEvent();
    private static final long NOT_STOPPING = Long.MIN_VALUE;
    private static final long NOT_WRITING = Long.MIN_VALUE;

    /** Replaceable while running ({@code --log-format}): the writer takes it afresh for every event. */
    private volatile Encoder<ILoggingEvent> encoder;
    private int queueSize = 65536;
    private int maxFlushTime = 1000;
    /** Holds {@link #queueSize} events plus {@link #END}, so stopping never waits for room. */
    private BlockingQueue<ILoggingEvent> queue;
    /** Events admitted and not yet taken by the writer; never more than {@link #queueSize}. */
    private final AtomicInteger queued = new AtomicInteger();
    /** Past this many queued events, only WARN and ERROR are admitted. */
    private int belowWarnLimit;
    /** Events refused since the last {@code [LOG] dropped=} line. */
    private final LongAdder dropped = new LongAdder();
    /** Events refused since start, reported or not (the metrics read it). */
    private final LongAdder droppedTotal = new LongAdder();
    /** The logger the {@code [LOG] dropped=} line is logged as. */
    private Logger reportLogger;
    private Thread writer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** {@link System#nanoTime()} when every stop stops waiting, set by the first. */
    private final AtomicLong stopDeadline = new AtomicLong(NOT_STOPPING);
    private final AtomicBoolean finished = new AtomicBoolean();
    /** {@link System#nanoTime()} when the write under way began, or {@link #NOT_WRITING}. */
    private volatile long writingSince = NOT_WRITING;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(WRITE_THRESHOLD + 8192);
    private int writeFailures;

    public void setEncoder(Encoder<ILoggingEvent> encoder) {
        this.encoder = encoder;
    }

    public Encoder<ILoggingEvent> getEncoder() {
        return encoder;
    }

    /** Events that may wait for the writer; INFO and below get three quarters of them. */
    public void setQueueSize(int queueSize) {
        this.queueSize = queueSize;
    }

    public int getQueueSize() {
        return queueSize;
    }

    /** Most ms {@link #stop()} waits for queued lines to be written (0 or less: no wait). */
    public void setMaxFlushTime(int maxFlushTime) {
        this.maxFlushTime = maxFlushTime;
    }

    public int getMaxFlushTime() {
        return maxFlushTime;
    }

    /** Events refused so far and not yet reported by a {@code [LOG] dropped=} line. */
    long unreportedDrops() {
        return dropped.sum();
    }

    /** Events refused since this appender was made. */
    public long droppedTotal() {
        return droppedTotal.sum();
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
        queue = new ArrayBlockingQueue<>(queueSize + 1);
        belowWarnLimit = Math.max(1, queueSize - queueSize / 4);
        if (getContext() instanceof LoggerContext loggerContext) {
            reportLogger = loggerContext.getLogger(BatchingConsoleAppender.class);
        }
        byte[] header = encoder.headerBytes();
        if (header != null) {
            buffer.writeBytes(header);
        }
        writer = new Thread(this::writeLoop, "log-writer-" + name);
        writer.setDaemon(true); // a stuck writer or a context never stopped must not keep the JVM alive
        super.start();
        writer.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        int limit = event.getLevel().toInt() >= Level.WARN_INT ? queueSize : belowWarnLimit;
        if (!admit(limit)) {
            dropped.increment();
            droppedTotal.increment();
            return;
        }
        event.prepareForDeferredProcessing(); // message, MDC and thread name as of now
        if (!queue.offer(event)) { // cannot happen: admitted events never exceed queueSize
            queued.decrementAndGet();
            dropped.increment();
            droppedTotal.increment();
        }
    }

    /** Takes a place in the queue if fewer than {@code limit} events hold one; never waits. */
    private boolean admit(int limit) {
        int now;
        do {
            now = queued.get();
            if (now >= limit) {
                return false;
            }
        } while (!queued.compareAndSet(now, now + 1));
        return true;
    }

    /**
     * Writes out everything queued so far, then ends the writer. Every caller waits for that,
     * even one that finds the stop already begun (at exit the signal hook and the main thread may
     * both stop logging, and either may halt the JVM right after), but all of them only until
     * maxFlushTime after the first call; and none if by then one write has taken maxFlushTime
     * already (stdout is not being read: another wait would not help).
     */
    @Override
    public void stop() {
        if (writer == null) {
            return; // never started
        }
        long flushNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, maxFlushTime));
        long began = System.nanoTime();
        long since = writingSince;
        long wait = since != NOT_WRITING && began - since >= flushNanos ? 0 : flushNanos;
        long deadline = stopDeadline.updateAndGet(d -> d == NOT_STOPPING ? began + wait : d);
        if (stopping.compareAndSet(false, true)) {
            super.stop(); // later events are refused, as by any stopped appender
            queue.offer(END); // always room: the queue keeps a place for it
        }
        boolean ended = awaitWriter(deadline);
        if (!finished.compareAndSet(false, true)) {
            return; // another caller concluded the stop
        }
        if (!ended) {
            addWarn("Log lines not written within maxFlushTime=" + maxFlushTime + " ms: about " + queued.get()
                    + " still queued, and " + dropped.sum() + " dropped and not yet reported");
            return; // the writer may still be encoding: the encoder stays as it is
        }
        byte[] footer = encoder.footerBytes();
        if (footer != null && footer.length > 0) {
            buffer.writeBytes(footer);
            writeBuffer();
        }
        encoder.stop(); // not before: the writer encodes until it ends
    }

    /** True once the writer has ended, false at the deadline; an interrupt is kept, not obeyed. */
    private boolean awaitWriter(long deadline) {
        boolean interrupted = false;
        long left;
        while (writer.isAlive() && (left = deadline - System.nanoTime()) > 0) {
            try {
                writer.join(Duration.ofNanos(left));
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
            boolean written = true;
            do {
                queue.drainTo(batch, DRAIN_CHUNK - batch.size());
                ending |= encode(batch);
                batch.clear();
                if (buffer.size() >= WRITE_THRESHOLD) {
                    written &= writeBuffer();
                }
            } while (!queue.isEmpty());
            written &= writeBuffer(); // the queue ran dry: nothing may wait in the buffer
            if (written && queue.isEmpty()) {
                reportDropped(); // caught up: lines queued before the drops are out
            }
        }
        // events from loggers that passed the started check just before stop(): write them too
        queue.drainTo(batch);
        encode(batch);
        if (writeBuffer()) {
            reportDropped();
        }
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

    /** Frees the lines' places in the queue, appends them to the buffer; true if the batch held {@link #END}. */
    private boolean encode(List<ILoggingEvent> batch) {
        boolean sawEnd = batch.contains(END);
        queued.addAndGet(sawEnd ? 1 - batch.size() : -batch.size());
        for (ILoggingEvent event : batch) {
            if (event == END) {
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

    /** Writes the {@code [LOG] dropped=N} line if events were refused since the last one. */
    private void reportDropped() {
        long lost = dropped.sumThenReset();
        if (lost == 0) {
            return;
        }
        boolean written;
        try {
            buffer.writeBytes(encoder.encode(droppedEvent(lost)));
            written = writeBuffer();
        } catch (RuntimeException e) {
            reportFailure("Cannot encode the dropped-lines report", e);
            buffer.reset();
            written = false;
        }
        if (!written) {
            dropped.add(lost); // reported with the next count instead
        }
    }

    private ILoggingEvent droppedEvent(long lost) {
        String message = DROPPED + lost;
        if (reportLogger != null) {
            return new LoggingEvent(Logger.FQCN, reportLogger, Level.WARN, message, null, null);
        }
        LoggingEvent event = new LoggingEvent();
        event.setLoggerName(BatchingConsoleAppender.class.getName());
        event.setLevel(Level.WARN);
        event.setMessage(message);
        event.setTimeStamp(System.currentTimeMillis());
        event.setThreadName(Thread.currentThread().getName());
        event.setMDCPropertyMap(Map.of());
        return event;
    }

    /** One write of everything buffered, to {@code System.out} as it is now; false if it failed. */
    private boolean writeBuffer() {
        if (buffer.size() == 0) {
            return true;
        }
        PrintStream out = System.out;
        boolean written = true;
        writingSince = System.nanoTime();
        try {
            buffer.writeTo(out);
            out.flush();
        } catch (IOException | RuntimeException e) {
            reportFailure("Cannot write log lines", e);
            written = false;
        } finally {
            writingSince = NOT_WRITING;
        }
        buffer.reset();
        return written;
    }

    private void reportFailure(String what, Exception e) {
        if (writeFailures++ < 8) {
            addError(what, e);
        }
    }
}
