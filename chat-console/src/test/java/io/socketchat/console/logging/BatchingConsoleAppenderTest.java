package io.socketchat.console.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.joran.spi.JoranException;
import ch.qos.logback.core.status.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.ObjIntConsumer;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console appender as logback.xml configures it, writing to a stand-in {@code System.out}:
 * every line arrives, in order and in the log format, many lines per write, a lone line without
 * further logging, and everything queued by the time the context stops. When stdout is stuck,
 * logging calls return at once, INFO is dropped before WARN, one {@code [LOG] dropped=N} line
 * with the exact count follows once stdout drains, and stopping gives up after maxFlushTime.
 */
class BatchingConsoleAppenderTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final Pattern LINE = Pattern.compile(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) (INFO |WARN |ERROR) \\S.*");

    /** In every line of these tests: other tests' servers may still log to System.out meanwhile. */
    private static final String RUN = "run=" + UUID.randomUUID().toString().substring(0, 8);

    private RecordingStdout stdout;
    private LoggerContext context;

    @BeforeEach
    void captureStdout() {
        stdout = RecordingStdout.install();
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // as logback's SLF4J binding does
    }

    @AfterEach
    void restoreStdout() {
        stdout.close(); // releases held writes first, so stopping cannot hang
        context.stop();
    }

    @Test
    void theShippedConfigurationUsesThisAppenderWithoutComplaint() throws JoranException {
        configureFromLogbackXml();

        assertThat(context.getStatusManager().getCopyOfStatusList())
                .noneMatch(status -> status.getLevel() >= Status.WARN);
        assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE"))
                .isInstanceOf(BatchingConsoleAppender.class)
                .matches(appender -> appender.isStarted());
    }

    @Test
    void aBurstArrivesWholeInOrderWithManyLinesPerWrite() throws JoranException {
        Logger log = configureFromLogbackXml();
        stdout.holdWrites(); // the terminal is slow: lines pile up behind the first write
        log.info("[MSG] first {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);
        int burst = 5000;
        for (int i = 0; i < burst; i++) {
            log.info("[DM] {} n={}", RUN, i);
        }
        stdout.releaseWrites();

        await().atMost(PROMPTLY).until(() -> ours().size() == burst + 1);
        List<String> lines = ours();
        assertThat(lines).allMatch(line -> LINE.matcher(line).matches());
        assertThat(lines.get(0)).endsWith(" INFO  [MSG] first " + RUN);
        for (int i = 0; i < burst; i++) {
            assertThat(lines.get(i + 1)).endsWith(" INFO  [DM] " + RUN + " n=" + i);
        }
        // one write per 64 KB at most, not one per line (about 300 KB here)
        assertThat(stdout.writes()).isLessThan(20);
    }

    @Test
    void aLoneLineIsWrittenWithoutFurtherLogging() throws JoranException {
        Logger log = configureFromLogbackXml();

        log.info("[LOGIN] user=ann {}", RUN);

        await().atMost(PROMPTLY).until(() -> ours().size() == 1);
        assertThat(ours().get(0)).matches(LINE).endsWith(" INFO  [LOGIN] user=ann " + RUN);
    }

    @Test
    void exceptionsKeepTheirStackTrace() throws JoranException {
        Logger log = configureFromLogbackXml();

        log.error("[ERROR] command=BOOM " + RUN, new IllegalStateException("boom " + RUN, new IOException("root " + RUN)));

        await().atMost(PROMPTLY).until(() -> stdout.text().contains("Caused by: java.io.IOException: root " + RUN));
        List<String> all = stdout.lines();
        List<String> lines = all.subList(all.indexOf(ours().get(0)), all.size()); // one event: one piece
        assertThat(lines.get(0)).matches(LINE).endsWith(" ERROR [ERROR] command=BOOM " + RUN);
        assertThat(lines.get(1)).isEqualTo("java.lang.IllegalStateException: boom " + RUN);
        assertThat(lines.get(2)).startsWith("\tat ")
                .contains("io.socketchat.console.logging.BatchingConsoleAppenderTest.exceptionsKeepTheirStackTrace(");
    }

    @Test
    void stoppingTheContextWritesOutEverythingLoggedBefore() throws Exception {
        Logger log = configureFromLogbackXml();
        int threads = 4;
        int perThread = 5000;
        List<Thread> loggers = startLoggers(threads, perThread, (name, i) -> log.info("[MSG] {} sender={} n={}", RUN, name, i));
        for (Thread logger : loggers) {
            assertThat(logger.join(PROMPTLY)).isTrue();
        }
        log.info("[SHUTDOWN] stage=done {}", RUN);

        context.stop(); // as Logging.flush() does at exit: no waiting after this

        List<String> lines = ours();
        assertThat(lines).hasSize(threads * perThread + 1);
        assertThat(lines.get(lines.size() - 1)).endsWith("[SHUTDOWN] stage=done " + RUN);
        for (int t = 0; t < threads; t++) {
            String prefix = "[MSG] " + RUN + " sender=t" + t + " n=";
            List<String> fromThread = lines.stream().filter(line -> line.contains(prefix)).toList();
            assertThat(fromThread).hasSize(perThread);
            for (int i = 0; i < perThread; i++) {
                assertThat(fromThread.get(i)).endsWith(prefix + i);
            }
        }
    }

    @Test
    void aFullQueueDropsInfoFirstThenWarnAndLoggersNeverWait() throws Exception {
        // queue of 16: INFO and below are refused once 12 are queued, WARN and ERROR once 16 are
        BatchingConsoleAppender appender = levelAndMessageAppender(16, 1000);
        Logger log = loggerWith("overload", appender);
        stdout.holdWrites(); // stdout is not read: the writer is stuck in its first write
        log.info("gate {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);

        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 20; i++) {
                log.info("info {} {}", i, RUN); // 12 queued, 8 dropped
            }
            for (int i = 0; i < 6; i++) {
                log.warn("warn {} {}", i, RUN); // 4 queued, 2 dropped
            }
            log.error("error 0 {}", RUN); // full: dropped
            log.debug("debug 0 {}", RUN); // below the logger's level: never counted
            log.info("late 0 {}", RUN); // dropped
        });
        assertThat(producer.join(PROMPTLY)).as("31 logging calls return while stdout is stuck").isTrue();
        assertThat(appender.unreportedDrops()).as("8 INFO + 2 WARN + 1 ERROR + 1 INFO dropped").isEqualTo(12);
        assertThat(ours()).isEmpty();
        stdout.releaseWrites();

        await().atMost(PROMPTLY).until(() -> ourLines().contains("WARN " + BatchingConsoleAppender.DROPPED + "12"));
        List<String> expected = new ArrayList<>();
        expected.add("INFO gate " + RUN);
        IntStream.range(0, 12).forEach(i -> expected.add("INFO info " + i + " " + RUN));
        IntStream.range(0, 4).forEach(i -> expected.add("WARN warn " + i + " " + RUN));
        expected.add("WARN [LOG] dropped=12");
        assertThat(ourLines()).as("12 INFO and 4 WARN kept, then one report of 12").isEqualTo(expected);
        assertThat(appender.unreportedDrops()).isZero();

        // a line after the report: written, and no second report for the same drops
        log.info("after {}", RUN);
        await().atMost(PROMPTLY).until(() -> ourLines().contains("INFO after " + RUN));
        assertThat(ourLines()).filteredOn(line -> line.contains("[LOG]")).containsExactly("WARN [LOG] dropped=12");

        // stuck again: the next report counts only the drops since the last one
        stdout.holdWrites();
        log.info("gate 2 {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);
        for (int i = 0; i < 20; i++) {
            log.info("again {} {}", i, RUN); // 12 queued, 8 dropped
        }
        stdout.releaseWrites();
        await().atMost(PROMPTLY).until(() -> ourLines().contains("WARN [LOG] dropped=8"));
        assertThat(ourLines()).filteredOn(line -> line.contains("[LOG]"))
                .containsExactly("WARN [LOG] dropped=12", "WARN [LOG] dropped=8");
        assertThat(ourLines()).filteredOn(line -> line.contains("again")).hasSize(12);
    }

    @Test
    void manyThreadsFloodingAStuckStdoutLoseNoCount() throws Exception {
        BatchingConsoleAppender appender = levelAndMessageAppender(64, 1000);
        Logger log = loggerWith("flood", appender);
        stdout.holdWrites();
        log.info("gate {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);
        int threads = 4;
        int perThread = 5000;
        List<Thread> loggers = startLoggers(threads, perThread, (name, i) -> log.info("{} n={} {}", name, i, RUN));
        for (Thread logger : loggers) {
            assertThat(logger.join(PROMPTLY)).as("4 x 5,000 logging calls return while stdout is stuck").isTrue();
        }
        stdout.releaseWrites();

        await().atMost(PROMPTLY).until(() -> ourLines().stream().anyMatch(line -> line.contains("[LOG]")));
        List<String> lines = ourLines();
        List<String> reports = lines.stream().filter(line -> line.contains("[LOG]")).toList();
        assertThat(reports).singleElement().asString().startsWith("WARN " + BatchingConsoleAppender.DROPPED);
        long dropped = Long.parseLong(reports.get(0).substring(reports.get(0).indexOf('=') + 1));
        long written = lines.size() - 1 - 1; // less the gate line and the report
        assertThat(written).as("48 INFO lines fit below three quarters of 64").isEqualTo(48);
        assertThat(written + dropped).as("written + dropped = the 20,000 lines logged").isEqualTo(threads * perThread);
    }

    @Test
    void stopReturnsWithinMaxFlushTimeWhenStdoutIsStuckForever() throws Exception {
        Logger log = configureFromLogbackXml();
        BatchingConsoleAppender appender = (BatchingConsoleAppender) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                .getAppender("CONSOLE");
        assertThat(appender.getMaxFlushTime()).as("maxFlushTime in logback.xml").isEqualTo(1000);
        stdout.holdWrites(); // never released before the stops return
        log.info("gate {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);
        Thread flood = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100_000; i++) {
                log.info("[MSG] from=ann bytes={} {}", i, RUN);
            }
            log.warn("[SHUTDOWN] stage=begin {}", RUN);
        });
        assertThat(flood.join(PROMPTLY)).as("100,000 lines logged while stdout is stuck return").isTrue();

        // as at exit: the signal hook stops the context while the main thread stops too
        long began = System.nanoTime();
        Thread hook = Thread.ofPlatform().start(context::stop);
        Thread main = Thread.ofPlatform().start(appender::stop);
        assertThat(hook.join(PROMPTLY)).isTrue();
        assertThat(main.join(PROMPTLY)).isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).as("both stops return within maxFlushTime 1,000 ms (+ 1,000 ms slack)")
                .isLessThan(Duration.ofMillis(2000));
        assertThat(ours()).isEmpty();
        assertThat(context.getStatusManager().getCopyOfStatusList())
                .anyMatch(status -> status.getMessage().startsWith("Log lines not written within maxFlushTime=1000 ms"));

        // stdout drains at last: the daemon writer writes what it holds and reports the rest,
        // in the log format (and is done before the next test's stdout is installed)
        stdout.releaseWrites();
        String report = " WARN  [LOG] dropped=" + (100_000 - 49_152);
        await().atMost(PROMPTLY).until(() -> stdout.lines().stream().anyMatch(line -> line.endsWith(report)));
        assertThat(stdout.lines()).filteredOn(line -> line.contains("[LOG]")).singleElement().asString()
                .matches(LINE).endsWith(report);
        assertThat(ours()).as("the gate, 49,152 INFO lines (3/4 of 65,536) and the WARN")
                .hasSize(1 + 49_152 + 1)
                .last().asString().endsWith(" WARN  [SHUTDOWN] stage=begin " + RUN);
    }

    @Test
    void stopDoesNotWaitAgainForAWriteStuckForMaxFlushTimeAlready() {
        BatchingConsoleAppender appender = levelAndMessageAppender(64, 500);
        Logger log = loggerWith("stuck", appender);
        stdout.holdWrites();
        log.info("gate {}", RUN);
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);
        long stuckSince = System.nanoTime();
        log.info("queued {}", RUN);
        // stdout has not taken a byte for longer than maxFlushTime (500 ms) when the exit comes
        await().atMost(PROMPTLY).until(() -> System.nanoTime() - stuckSince > 600_000_000L);

        long began = System.nanoTime();
        appender.stop();
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(took).as("stop returns at once, well under maxFlushTime 500 ms").isLessThan(Duration.ofMillis(250));
        assertThat(ours()).isEmpty();
        stdout.releaseWrites(); // the daemon writer still writes what it holds if stdout drains
        await().atMost(PROMPTLY).until(() -> ourLines().equals(List.of("INFO gate " + RUN, "INFO queued " + RUN)));
    }

    @Test
    void everyStopWaitsUntilTheLinesAreWritten() throws Exception {
        BatchingConsoleAppender appender = messageOnlyAppender(1024);
        appender.setMaxFlushTime(30_000); // read at stop: time for this test to see both stops wait
        Logger log = context.getLogger("exit");
        log.setAdditive(false);
        log.addAppender(appender);
        stdout.holdWrites();
        for (int i = 0; i < 100; i++) {
            log.info("line {} {}", i, RUN);
        }
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1);

        // at exit the signal hook and the main thread may both stop logging, then halt the JVM
        Thread first = Thread.ofPlatform().start(appender::stop);
        await().atMost(PROMPTLY).until(() -> first.getState() == Thread.State.TIMED_WAITING);
        Thread second = Thread.ofPlatform().start(appender::stop);
        await().atMost(PROMPTLY).until(() -> second.getState() == Thread.State.TIMED_WAITING);
        assertThat(ours()).isEmpty();
        stdout.releaseWrites();

        assertThat(first.join(PROMPTLY)).isTrue();
        assertThat(second.join(PROMPTLY)).isTrue();
        assertThat(ours()).containsExactlyElementsOf(
                IntStream.range(0, 100).mapToObj(i -> "line " + i + " " + RUN).toList());
    }

    /** The lines these tests logged. */
    private List<String> ours() {
        return stdout.lines().stream().filter(line -> line.contains(RUN)).toList();
    }

    /** The lines these tests logged, and the reports of {@link #levelAndMessageAppender}. */
    private List<String> ourLines() {
        return stdout.lines().stream().filter(line -> line.contains(RUN) || line.startsWith("WARN [LOG]")).toList();
    }

    private Logger loggerWith(String name, BatchingConsoleAppender appender) {
        Logger log = context.getLogger(name);
        log.setAdditive(false);
        log.setLevel(ch.qos.logback.classic.Level.INFO);
        log.addAppender(appender);
        return log;
    }

    /** Writes "LEVEL message"; the other lines on System.out (from the global context) start with a date. */
    private BatchingConsoleAppender levelAndMessageAppender(int queueSize, int maxFlushTime) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %msg%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("LEVELS");
        appender.setQueueSize(queueSize);
        appender.setMaxFlushTime(maxFlushTime);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    private Logger configureFromLogbackXml() throws JoranException {
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(BatchingConsoleAppenderTest.class.getResource("/logback.xml"));
        return context.getLogger("io.socketchat.test");
    }

    private BatchingConsoleAppender messageOnlyAppender(int queueSize) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%msg%n");
        encoder.start();
        BatchingConsoleAppender appender = new BatchingConsoleAppender();
        appender.setContext(context);
        appender.setName("SMALL");
        appender.setQueueSize(queueSize);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    /** {@code threads} platform threads named t0, t1, …, each making {@code perThread} logging calls. */
    private static List<Thread> startLoggers(int threads, int perThread, ObjIntConsumer<String> call) {
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "t" + t;
            loggers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    call.accept(name, i);
                }
            }));
        }
        return loggers;
    }
}
