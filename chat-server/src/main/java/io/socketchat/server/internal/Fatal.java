package io.socketchat.server.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way out when the server can no longer serve (an I/O loop thread died or is stuck): one
 * line {@code [FATAL] reason=… thread=… cause=…}, then the process halts with
 * {@link #EXIT_STATUS}, so that a supervisor (systemd's {@code Restart=on-failure}) starts a
 * new one instead of keeping a process that accepts connections and never answers.
 *
 * <p>The line goes to the log first (then {@link #beforeHalt}, to flush it), then to stderr
 * directly, so it is the last line of both and of a journal that merges them. Each is written
 * by a helper thread, and the halt waits at most half of {@link #REPORT_WAIT} for each: the
 * log's stdout (or stderr) may be a stalled pipe, and a stuck report must not keep the process
 * alive. The halt skips shutdown hooks on purpose: the graceful shutdown needs the I/O loops
 * that just failed.
 *
 * <p>Reporting must work when the heap is exhausted: the helper threads are created up front,
 * a small reserve is released first so that building the line has room, the line is built
 * without string concatenation's dynamic linkage and encoded before the helpers start, and
 * stderr gets it straight on file descriptor 2 (not through {@code System.err}, whose lock a
 * thread dying of the same exhaustion may hold). Other threads that die in the moment before
 * the halt (the heap is exhausted for them too) print nothing: the halting instance silences
 * the default uncaught-exception report, which would only bury the line.
 */
public final class Fatal {

    /** The exit status of a fatal exit: 70 is {@code EX_SOFTWARE} of sysexits.h, "internal software error". */
    public static final int EXIT_STATUS = 70;
    /** How long the report may take before the process halts anyway. */
    static final Duration REPORT_WAIT = Duration.ofSeconds(1);
    /** For the log, then the same for stderr. */
    private static final Duration HALF_WAIT = REPORT_WAIT.dividedBy(2);
    private static final int RESERVE_BYTES = 64 * 1024;
    private static final String FALLBACK_LINE = "[FATAL] reason=unknown thread=unknown cause=no memory left to describe it";
    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** Other threads' deaths while this one halts the JVM: nothing to add to the line. */
    private static final Thread.UncaughtExceptionHandler QUIET = (thread, error) -> { };
    private static final Fatal HALTING = new Fatal(Runtime.getRuntime()::halt, new FileOutputStream(FileDescriptor.err), true);

    /** What ends the process; tests record the status instead. */
    @FunctionalInterface
    interface Halt {
        void halt(int status);
    }

    private final Halt halt;
    private final OutputStream stderr;
    private final boolean silenceOthers;
    private final AtomicBoolean fired = new AtomicBoolean();
    private final Thread logWriter;
    private final Thread stderrWriter;
    /** Held only to be released when reporting. */
    private volatile byte[] reserve = new byte[RESERVE_BYTES];
    private volatile String line = FALLBACK_LINE;
    private volatile byte[] lineBytes;
    private volatile Runnable beforeHalt = () -> { };

    /**
     * @param silenceOthers whether reporting replaces the JVM's default uncaught-exception handler
     *                      with one that prints nothing (only for a {@code halt} that ends the JVM)
     */
    Fatal(Halt halt, OutputStream stderr, boolean silenceOthers) {
        this.halt = halt;
        this.stderr = stderr;
        this.silenceOthers = silenceOthers;
        this.logWriter = helper(this::writeLog, "chat-fatal-log");
        this.stderrWriter = helper(this::writeStderr, "chat-fatal-stderr");
    }

    /** The one that halts this JVM, writing to the process's stderr. */
    public static Fatal halting() {
        return HALTING;
    }

    /**
     * Runs {@code action} after the line is logged and before the halt (within {@link #REPORT_WAIT}):
     * e.g. flushing an asynchronous log appender, whose queued lines the halt would lose.
     */
    public void beforeHalt(Runnable action) {
        beforeHalt = action;
    }

    /**
     * Reports and halts with {@link #EXIT_STATUS}. Only the first call reports; a later one (another
     * loop failing at the same moment) returns at once. Returns only when the halt does (tests).
     *
     * @param reason what failed, e.g. {@code io-loop-stuck}
     * @param thread the thread that failed (not necessarily the caller)
     * @param cause  what is known about it; it ends the line
     */
    void exit(String reason, Thread thread, String cause) {
        if (!fired.compareAndSet(false, true)) {
            return;
        }
        reserve = null; // room for what follows, should the heap be exhausted
        try {
            if (silenceOthers) {
                Thread.setDefaultUncaughtExceptionHandler(QUIET);
            }
            line = format(reason, thread, cause);
        } catch (Throwable e) {
            // keeps the fallback line
        }
        try {
            lineBytes = new StringBuilder(line).append(System.lineSeparator()).toString().getBytes(StandardCharsets.UTF_8);
        } catch (Throwable e) {
            // stderr gets nothing; the log may still have it
        }
        try {
            Thread.interrupted(); // an interrupt must not cut the report's wait short
            runBounded(logWriter);
            runBounded(stderrWriter);
        } finally {
            halt.halt(EXIT_STATUS);
        }
    }

    /** {@link #exit(String, Thread, String)} with the error's description and where it was thrown. */
    void exit(String reason, Thread thread, Throwable cause) {
        String described;
        try {
            described = describe(cause, cause.getStackTrace());
        } catch (Throwable e) {
            described = cause.getClass().getName(); // no memory to say more
        }
        exit(reason, thread, described);
    }

    /** {@code body}; anything it throws (an {@link Error} included) ends the process with {@code reason}. */
    Runnable guard(String reason, Runnable body) {
        return () -> {
            try {
                body.run();
            } catch (Throwable e) {
                exit(reason, Thread.currentThread(), e);
            }
        };
    }

    /**
     * {@code what} and the innermost frame of {@code stack} outside the JDK (the top frame if all
     * are in it), e.g. {@code java.lang.OutOfMemoryError: Java heap space at some.Class.method(File.java:12)}.
     */
    static String describe(Object what, StackTraceElement[] stack) {
        StringBuilder text = new StringBuilder(String.valueOf(what));
        if (stack != null && stack.length > 0) {
            StackTraceElement frame = stack[0];
            for (StackTraceElement candidate : stack) {
                String module = candidate.getModuleName();
                if (module == null || !(module.startsWith("java.") || module.startsWith("jdk."))) {
                    frame = candidate;
                    break;
                }
            }
            text.append(" at ").append(frame);
        }
        return text.toString();
    }

    private static String format(String reason, Thread thread, String cause) {
        return new StringBuilder(160)
                .append("[FATAL] reason=").append(reason)
                .append(" thread=").append(thread == null ? "-" : thread.getName())
                .append(" cause=").append(cause == null ? "-" : cause.replace('\n', ' ').replace('\r', ' '))
                .toString();
    }

    private static Thread helper(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts {@code helper} and waits for it, half the report's time at most. */
    private static void runBounded(Thread helper) {
        try {
            helper.start();
            helper.join(HALF_WAIT);
        } catch (Throwable e) {
            // no thread to be had (out of memory) or interrupted: halting matters more than the line
        }
    }

    /** May block on a stalled stdout, or when the heap is exhausted fail: stderr still gets the line. */
    private void writeLog() {
        try {
            log.error(line);
            beforeHalt.run();
        } catch (Throwable e) {
            // stderr has it
        }
    }

    private void writeStderr() {
        byte[] bytes = lineBytes;
        if (bytes == null) {
            return;
        }
        try {
            stderr.write(bytes);
            stderr.flush();
        } catch (Throwable e) {
            // the log may have it
        }
    }
}
