package io.socketchat.server.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class FatalTest {

    /** A {@link Fatal} that records instead of halting, and what it wrote to its stderr. */
    static final class Recorder {
        final List<Integer> halts = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Fatal fatal;

        Recorder() {
            this(false);
        }

        Recorder(boolean silenceOthers) {
            fatal = new Fatal(halts::add, err, silenceOthers);
        }

        List<String> lines() {
            return err.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    void exitWritesOneLineToStderrThenHaltsWithSeventy() {
        Recorder recorder = new Recorder();
        Thread loop = new Thread(() -> { }, "chat-io-7");

        recorder.fatal.exit("io-loop-stuck", loop, "no heartbeat for 10000 ms");

        assertThat(recorder.lines()).containsExactly("[FATAL] reason=io-loop-stuck thread=chat-io-7 cause=no heartbeat for 10000 ms");
        assertThat(recorder.halts).containsExactly(70);
        assertThat(Fatal.EXIT_STATUS).isEqualTo(70);
    }

    @Test
    void onlyTheFirstFailureIsReported() {
        Recorder recorder = new Recorder();

        recorder.fatal.exit("io-loop-dead", new Thread(() -> { }, "chat-io-0"), "first");
        recorder.fatal.exit("io-loop-dead", new Thread(() -> { }, "chat-io-1"), "second");

        assertThat(recorder.lines()).containsExactly("[FATAL] reason=io-loop-dead thread=chat-io-0 cause=first");
        assertThat(recorder.halts).containsExactly(70);
    }

    @Test
    void theLineStaysOneLineWhateverTheCauseSays() {
        Recorder recorder = new Recorder();

        recorder.fatal.exit("io-loop-dead", new Thread(() -> { }, "chat-io-0"), new IllegalStateException("two\nlines"));

        assertThat(recorder.lines()).singleElement().asString()
                .startsWith("[FATAL] reason=io-loop-dead thread=chat-io-0 cause=java.lang.IllegalStateException: two lines at ")
                .contains("FatalTest");
    }

    @Test
    void theHaltingKindSilencesOtherThreadsDyingWhileItHalts() throws Exception {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        try {
            Recorder recorder = new Recorder(true);
            recorder.fatal.exit("io-loop-dead", new Thread(() -> { }, "chat-io-0"), "test");

            Thread.UncaughtExceptionHandler quiet = Thread.getDefaultUncaughtExceptionHandler();
            assertThat(quiet).isNotNull().isNotSameAs(previous);
            Thread dying = Thread.ofPlatform().start(() -> {
                throw new OutOfMemoryError("Java heap space");
            });
            assertThat(dying.join(Duration.ofSeconds(5))).isTrue();
            assertThat(recorder.lines()).containsExactly("[FATAL] reason=io-loop-dead thread=chat-io-0 cause=test");
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    void theTestKindLeavesTheDefaultHandlerAlone() {
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        new Recorder().fatal.exit("io-loop-dead", Thread.currentThread(), "test");
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(previous);
    }

    @Test
    void aGuardedBodyEndedByAnErrorReportsItWithTheThreadItRanOn() throws Exception {
        Recorder recorder = new Recorder();
        Runnable guarded = recorder.fatal.guard("io-loop-dead", () -> {
            throw new OutOfMemoryError("Java heap space");
        });

        Thread thread = new Thread(guarded, "chat-io-3");
        thread.start();
        assertThat(thread.join(Duration.ofSeconds(5))).isTrue();

        assertThat(recorder.lines()).singleElement().asString()
                .startsWith("[FATAL] reason=io-loop-dead thread=chat-io-3 cause=java.lang.OutOfMemoryError: Java heap space at ");
        assertThat(recorder.halts).containsExactly(70);
    }

    @Test
    void aBodyThatReturnsReportsNothing() {
        Recorder recorder = new Recorder();

        recorder.fatal.guard("io-loop-dead", () -> { }).run();

        assertThat(recorder.lines()).isEmpty();
        assertThat(recorder.halts).isEmpty();
    }

    @Test
    void theActionBeforeTheHaltRunsAfterTheLogAndBeforeStderrSoStderrEndsWithTheLine() {
        Recorder recorder = new Recorder();
        List<String> seen = new CopyOnWriteArrayList<>();
        recorder.fatal.beforeHalt(() -> seen.add("before-halt stderr-lines=" + recorder.lines().size() + " halts=" + recorder.halts.size()));

        recorder.fatal.exit("io-loop-stuck", Thread.currentThread(), "test");

        assertThat(seen).containsExactly("before-halt stderr-lines=0 halts=0");
        assertThat(recorder.lines()).hasSize(1);
        assertThat(recorder.halts).containsExactly(70);
    }

    @Test
    void aStalledLogStillLetsStderrHaveTheLineAndHaltsWithinTheReportsTime() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder recorder = new Recorder();
        recorder.fatal.beforeHalt(() -> {
            try {
                release.await(); // an appender flushing to a pipe nobody reads
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long started = System.nanoTime();
            Thread.ofPlatform().name("chat-io-5").start(() -> recorder.fatal.exit("io-loop-stuck", Thread.currentThread(), "test"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !recorder.halts.isEmpty());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(waitedMillis).as("the report's wait").isBetween(Fatal.REPORT_WAIT.toMillis() / 2 - 50, 4_000L);
            assertThat(recorder.lines()).containsExactly("[FATAL] reason=io-loop-stuck thread=chat-io-5 cause=test");
        } finally {
            release.countDown();
        }
    }

    @Test
    void aStalledStderrHoldsTheHaltForAboutASecondOnly() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        OutputStream stalled = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                try {
                    release.await(); // a pipe nobody reads
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
        };
        List<Integer> halts = new CopyOnWriteArrayList<>();
        Fatal fatal = new Fatal(halts::add, stalled, false);
        try {
            long started = System.nanoTime();
            Thread caller = Thread.ofPlatform().start(() -> fatal.exit("io-loop-stuck", Thread.currentThread(), "test"));

            await().atMost(Duration.ofSeconds(5)).until(() -> !halts.isEmpty());
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(halts).containsExactly(70);
            assertThat(waitedMillis).as("the report's wait").isBetween(Fatal.REPORT_WAIT.toMillis() / 2 - 50, 4_000L);
            assertThat(caller.join(Duration.ofSeconds(5))).isTrue();
        } finally {
            release.countDown();
        }
    }
}
