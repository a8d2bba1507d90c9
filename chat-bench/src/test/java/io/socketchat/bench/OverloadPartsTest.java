package io.socketchat.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The overload scenarios' measuring parts, without a server. */
class OverloadPartsTest {

    // ---- RSS ----

    @Test
    void samplerKeepsTheHighestReadingAndIgnoresUnreadableOnes() {
        RssSampler sampler = new RssSampler(() -> -1, Duration.ofMillis(50));
        sampler.record(100);
        sampler.record(300);
        sampler.record(-1);
        sampler.record(200);

        assertThat(sampler.peakKib()).isEqualTo(300);
        assertThat(sampler.lastKib()).isEqualTo(200);
        assertThat(sampler.samples()).isEqualTo(3);
    }

    @Test
    void aWindowPeakStartsAgainFromTheLastReading() {
        RssSampler sampler = new RssSampler(() -> -1, Duration.ofMillis(50));
        sampler.record(100);
        sampler.record(500);
        sampler.record(120);
        assertThat(sampler.takeWindowPeak()).isEqualTo(500);

        sampler.record(110);
        assertThat(sampler.takeWindowPeak()).isEqualTo(120); // the window began at the last reading, 120
        sampler.record(400);
        assertThat(sampler.takeWindowPeak()).isEqualTo(400);
        assertThat(sampler.peakKib()).isEqualTo(500);
    }

    @Test
    void samplerThreadReadsEveryIntervalUntilClosed() throws Exception {
        AtomicLong reads = new AtomicLong();
        RssSampler sampler = new RssSampler(() -> reads.incrementAndGet() == 5 ? 9_000 : 1_000, Duration.ofMillis(5))
                .start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sampler.samples() >= 10);
        sampler.close();
        long afterClose = sampler.samples();

        assertThat(afterClose).isGreaterThanOrEqualTo(10);
        // Six intervals and more: no sample comes after close.
        await().during(Duration.ofMillis(30)).atMost(Duration.ofSeconds(1)).until(() -> sampler.samples() == afterClose);
        assertThat(sampler.peakKib()).isEqualTo(9_000); // a one-sample peak is kept
        assertThat(sampler.lastKib()).isEqualTo(1_000);
    }

    @Test
    void parsesRssAndHighWaterMarkFromProcStatus() {
        ServerMemory.Status status = ServerMemory.parseStatus(List.of(
                "Name:\tjava", "VmPeak:\t 9000000 kB", "VmHWM:\t  812345 kB", "VmRSS:\t  700001 kB", "Threads:\t40"));

        assertThat(status.rssKib()).isEqualTo(700_001);
        assertThat(status.hwmKib()).isEqualTo(812_345);
        assertThat(ServerMemory.parseStatus(List.of("Name:\tx")).rssKib()).isEqualTo(-1);
        assertThat(ServerMemory.status(ProcessHandle.current().pid()).hwmKib())
                .isGreaterThanOrEqualTo(ServerMemory.rssKib(ProcessHandle.current().pid()) / 2);
    }

    @Test
    void findsTheListeningSocketsInodeInAProcNetTable() {
        List<String> table = List.of(
                "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
                "   0: 0100007F:3A98 0100007F:D2F0 01 00000000:00000000 00:00000000 00000000     0        0 111 1",
                "   1: 00000000:3A98 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1",
                "   2: 00000000:0FA0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 333 1");

        assertThat(ServerMemory.listeningInode(table, 15000)).isEqualTo(222); // 0x3A98, LISTEN, not the connection
        assertThat(ServerMemory.listeningInode(table, 4000)).isEqualTo(333);
        assertThat(ServerMemory.listeningInode(table, 4001)).isZero();
    }

    @Test
    void findsThePidListeningOnAPort() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            assertThat(ServerMemory.listenerPid(listener.getLocalPort())).isEqualTo(ProcessHandle.current().pid());
        }
    }

    // ---- lines and notices ----

    @Test
    void namesLinesByKindAndKeepsTheTextOfErrAndInfo() {
        assertThat(Notices.label("MSG bob 1 2 hello")).isEqualTo("MSG");
        assertThat(Notices.label("DM bob hi")).isEqualTo("DM");
        assertThat(Notices.label("USER bob")).isEqualTo("USER");
        assertThat(Notices.label("PONG")).isEqualTo("PONG");
        assertThat(Notices.label("INFO bob disconnected")).isEqualTo(Notices.LEAVE);
        assertThat(Notices.label("INFO 1234 more users disconnected")).isEqualTo(Notices.SUMMARY);
        assertThat(Notices.label("INFO server shutting down")).isEqualTo("INFO server shutting down");
        assertThat(Notices.label("INFO disconnected due to inactivity")).isEqualTo("INFO disconnected due to inactivity");
        assertThat(Notices.label("ERR slow-consumer")).isEqualTo("ERR slow-consumer");
        assertThat(Notices.label("ERR " + "x".repeat(200))).hasSize(83).endsWith("...");
    }

    @Test
    void tellsLeaveNoticesFromTheirSummary() {
        byte[] leave = "INFO alice disconnected".getBytes(StandardCharsets.US_ASCII);
        byte[] summary = "INFO 37 more users disconnected".getBytes(StandardCharsets.US_ASCII);
        byte[] twoWords = "INFO a b disconnected".getBytes(StandardCharsets.US_ASCII);
        byte[] notANumber = "INFO many more users disconnected".getBytes(StandardCharsets.US_ASCII);

        assertThat(Notices.isLeave(leave, 0, leave.length)).isTrue();
        assertThat(Notices.summaryCount(leave, 0, leave.length)).isEqualTo(-1);
        assertThat(Notices.summaryCount(summary, 0, summary.length)).isEqualTo(37);
        assertThat(Notices.isLeave(twoWords, 0, twoWords.length)).isFalse();
        assertThat(Notices.summaryCount(notANumber, 0, notANumber.length)).isEqualTo(-1);
    }

    @Test
    void aTailKeepsTheLastLineAndTheFirstEnd() {
        Tail tail = new Tail();
        assertThat(tail.cut()).isFalse();
        assertThat(tail.last()).isEqualTo(Notices.NONE);
        byte[] line = "xxERR slow-consumeryy".getBytes(StandardCharsets.US_ASCII);
        tail.line(line, 2, 17);
        tail.ended("eof");
        tail.ended("reset");

        assertThat(tail.last()).isEqualTo("ERR slow-consumer");
        assertThat(tail.end()).isEqualTo("eof");
        assertThat(tail.cut()).isTrue();
    }

    @Test
    void tallyPrintsTheMostFrequentFirst() {
        Tally tally = new Tally();
        assertThat(tally.toString()).isEqualTo("-");
        tally.add("MSG");
        tally.add("ERR slow-consumer", 3);
        tally.add("MSG");

        assertThat(tally.toString()).isEqualTo("ERR slow-consumer=3, MSG=2");
        assertThat(tally.total()).isEqualTo(5);
    }

    // ---- numbered lines ----

    private static void feed(NumberedReader reader, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.US_ASCII);
        reader.line(bytes, 0, bytes.length);
    }

    @Test
    void numberedLinesInOrderAreAllCounted() {
        NumberedReader reader = new NumberedReader("MSG ", "bs0", "bs1");
        feed(reader, "MSG bs0 0 100 pad");
        feed(reader, "MSG bs1 0 100 pad");
        feed(reader, "INFO bs7 disconnected");
        feed(reader, "MSG bs0 1 100 pad");
        feed(reader, "MSG other 0 100 pad");

        assertThat(reader.received()).isEqualTo(3);
        assertThat(reader.gaps).isZero();
        assertThat(reader.orderViolations).isZero();
        assertThat(reader.foreign).isEqualTo(1);
    }

    @Test
    void aSkippedNumberIsAGapAndAnOldOneIsOutOfOrder() {
        NumberedReader reader = new NumberedReader("DM ", "bp3");
        feed(reader, "DM bp3 0 100 pad");
        feed(reader, "DM bp3 3 100 pad"); // 1 and 2 lost
        feed(reader, "DM bp3 2 100 pad"); // late
        feed(reader, "DM bp3 4 100 pad");
        feed(reader, "INFO server shutting down");

        assertThat(reader.received()).isEqualTo(3);
        assertThat(reader.gaps).isEqualTo(2);
        assertThat(reader.orderViolations).isEqualTo(1);
        assertThat(reader.sawShutdownNotice).isTrue();
    }

    // ---- the server's log ----

    @Test
    void countsSlowLinesByReasonFromWhereTheScenarioStarted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        Files.writeString(log, "2026-12-03T06:40:08.700Z WARN  [SLOW] user=a remote=x queued=9 reason=send-queue-full\n");
        long from = ServerLog.size(log);
        Files.writeString(log, String.join("\n",
                "2026-12-03T06:41:00.001Z WARN  [SLOW] user=b remote=x queued=1 reason=server-memory",
                "2026-12-03T06:41:00.002Z INFO  [DISCONNECT] user=b remote=x reason=slow",
                "2026-12-03T06:41:00.003Z WARN  [SLOW] user=c remote=x queued=2 reason=server-memory",
                "2026-12-03T06:41:00.004Z WARN  [SLOW] user=d remote=x queued=3 reason=send-queue-full",
                "2026-12-03T06:41:00.005Z WARN  [SLOW] user=e remote=x queued=3",
                ""), java.nio.file.StandardOpenOption.APPEND);

        Tally slow = ServerLog.reasons(log, from, "[SLOW]");

        assertThat(slow.toString()).isEqualTo("server-memory=2, send-queue-full=1, ?=1");
        assertThat(ServerLog.reasons(log, 0, "[SLOW]").get("send-queue-full")).isEqualTo(2);
    }

    @Test
    void aProcessIsRunningUntilItIsGone() {
        assertThat(ServerControl.running(ProcessHandle.current().pid())).isTrue();
        assertThat(ServerControl.running(0)).isFalse();
        assertThat(ServerControl.running(Integer.MAX_VALUE)).isFalse();
    }
}
