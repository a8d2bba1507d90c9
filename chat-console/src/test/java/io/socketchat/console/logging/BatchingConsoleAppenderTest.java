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
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console appender as logback.xml configures it, writing to a stand-in {@code System.out}:
 * every line arrives, in order and in the log format, many lines per write, a lone line without
 * further logging, and everything queued by the time the context stops.
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
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "t" + t;
            loggers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    log.info("[MSG] {} sender={} n={}", RUN, name, i);
                }
            }));
        }
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
    void aFullQueueMakesLoggersWaitInsteadOfDroppingLines() throws Exception {
        BatchingConsoleAppender appender = messageOnlyAppender(16);
        Logger log = context.getLogger("overload");
        log.setAdditive(false);
        log.addAppender(appender);
        stdout.holdWrites();
        int lines = 1000;

        Thread producer = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < lines; i++) {
                log.info("line {} {}", i, RUN);
            }
        });
        // the writer is stuck on the terminal and the queue is full: the logger waits for room
        await().atMost(PROMPTLY).until(() -> stdout.waitingAtGate() >= 1
                && producer.getState() == Thread.State.WAITING);
        stdout.releaseWrites();

        assertThat(producer.join(PROMPTLY)).isTrue();
        await().atMost(PROMPTLY).until(() -> ours().size() == lines);
        assertThat(ours()).containsExactlyElementsOf(
                IntStream.range(0, lines).mapToObj(i -> "line " + i + " " + RUN).toList());
    }

    @Test
    void everyStopWaitsUntilTheLinesAreWritten() throws Exception {
        BatchingConsoleAppender appender = messageOnlyAppender(1024);
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
}
