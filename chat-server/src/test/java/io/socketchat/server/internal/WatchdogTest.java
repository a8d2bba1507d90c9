package io.socketchat.server.internal;

import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The watchdog on real I/O loops, with a short period and threshold and a {@link Fatal} that records instead of halting. */
class WatchdogTest {

    private static final Duration PERIOD = Duration.ofMillis(50);
    private static final Duration THRESHOLD = Duration.ofMillis(300);
    /** Long enough for several periods and more than the threshold. */
    private static final Duration QUIET = Duration.ofSeconds(1);

    private final FatalTest.Recorder watchdogReports = new FatalTest.Recorder();
    private final FatalTest.Recorder loopReports = new FatalTest.Recorder();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        release.countDown();
        for (AutoCloseable closeable : opened.reversed()) {
            closeable.close();
        }
    }

    private IoLoop[] loops(int count) throws Exception {
        IoLoop[] loops = IoLoop.start(count, loopReports.fatal);
        opened.addAll(List.of(loops));
        return loops;
    }

    private Watchdog watch(IoLoop[] loops) {
        Watchdog watchdog = new Watchdog(loops, PERIOD, THRESHOLD, watchdogReports.fatal);
        opened.add(watchdog);
        watchdog.start();
        return watchdog;
    }

    @Test
    void aLoopBlockedInATaskIsReportedStuckOnceTheThresholdPassed() throws Exception {
        IoLoop[] loops = loops(2);
        watch(loops);
        CountDownLatch blocked = new CountDownLatch(1);

        long queued = System.nanoTime();
        loops[1].execute(() -> {
            blocked.countDown();
            awaitRelease();
        });
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

        await().atMost(THRESHOLD.plusSeconds(2)).until(() -> !watchdogReports.halts.isEmpty());
        long reportedAfter = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - queued);
        assertThat(reportedAfter).isGreaterThanOrEqualTo(THRESHOLD.toMillis());
        assertThat(watchdogReports.halts).containsExactly(Fatal.EXIT_STATUS);
        assertThat(watchdogReports.lines()).singleElement().asString()
                .matches("\\[FATAL] reason=io-loop-stuck thread=chat-io-1 cause=no heartbeat for \\d+ ms; at \\S+WatchdogTest\\.awaitRelease\\(WatchdogTest\\.java:\\d+\\)");
        assertThat(loopReports.lines()).isEmpty();
    }

    @Test
    void aLoopThreadKilledByAnErrorIsReportedDead() throws Exception {
        IoLoop[] loops = loops(1);
        watch(loops);

        loops[0].execute(() -> {
            throw new KilledOnPurpose();
        });

        // The loop thread itself reports the error that ends it...
        await().atMost(Duration.ofSeconds(5)).until(() -> !loopReports.halts.isEmpty());
        assertThat(loopReports.lines()).singleElement().asString().startsWith(
                "[FATAL] reason=io-loop-dead thread=chat-io-0 cause=" + KilledOnPurpose.class.getName() + ": killed on purpose at ");
        // ...and, had that report not halted the process, the watchdog finds the thread gone.
        await().atMost(Duration.ofSeconds(5)).until(() -> !watchdogReports.halts.isEmpty());
        assertThat(loops[0].thread().isAlive()).isFalse();
        assertThat(watchdogReports.lines()).containsExactly(
                "[FATAL] reason=io-loop-dead thread=chat-io-0 cause=the thread ended while the server runs");
    }

    @Test
    void healthyIdleLoopsAreNeverReported() throws Exception {
        Watchdog watchdog = watch(loops(2));

        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> watchdogReports.halts.isEmpty());

        assertThat(watchdogReports.lines()).isEmpty();
        assertThat(watchdog.heartbeats()).as("heartbeats run").isGreaterThanOrEqualTo(2 * 5);
    }

    @Test
    void loopsClosedOnPurposeAreNotReported() throws Exception {
        IoLoop[] loops = loops(2);
        Watchdog watchdog = watch(loops);
        await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.heartbeats() >= 2);

        for (IoLoop loop : loops) {
            loop.close(); // the watchdog still runs, as if the server closed its loops first
        }
        assertThat(loops[0].thread().isAlive()).isFalse();

        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> watchdogReports.halts.isEmpty());
        assertThat(loopReports.lines()).isEmpty();
    }

    @Test
    void aClosedWatchdogReportsNothingAndEndsItsThread() throws Exception {
        IoLoop[] loops = loops(1);
        Set<Thread> before = watchdogThreads();
        Watchdog watchdog = watch(loops);
        Set<Thread> mine = watchdogThreads();
        mine.removeAll(before);
        assertThat(mine).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> watchdog.heartbeats() >= 1);

        watchdog.close();
        assertThat(mine.iterator().next().isAlive()).isFalse();
        loops[0].execute(this::awaitRelease); // stuck for longer than the threshold

        await().during(QUIET).atMost(QUIET.plusSeconds(2)).until(() -> watchdogReports.halts.isEmpty());
    }

    @Test
    void theServerStartsItsWatchdogAndStopsItAtShutdown() throws Exception {
        Set<Thread> before = watchdogThreads();
        ChatServer server = ChatServer.start(
                ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build(), List.of());
        Set<Thread> started;
        try {
            started = watchdogThreads();
            started.removeAll(before);
            assertThat(started).as("the server's watchdog thread").hasSize(1);
            assertThat(started.iterator().next().isDaemon()).isTrue();
        } finally {
            server.shutdown(); // its watchdog halts this JVM if it takes the closed loops for dead ones
        }
        assertThat(started.iterator().next().isAlive()).isFalse();
    }

    private static Set<Thread> watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("chat-watchdog") && thread.isAlive())
                .collect(Collectors.toSet());
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class KilledOnPurpose extends Error {
        KilledOnPurpose() {
            super("killed on purpose");
        }
    }
}
