package io.socketchat.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every overload scenario measures around its own load: the server's RSS (sampled, peak
 * above the RSS before the scenario), a bystander's PING round trips and the leave notices
 * it is sent, well-behaved readers of numbered lines (lost, out of order), and which of the
 * scenario's own clients the server cut, by the last line each read.
 *
 * <p>Use: {@link #begin} (bystander and readers log in, the stream starts), the scenario's
 * load, {@link #own} for each group of its clients, then {@link #finish} for the report
 * ({@link #settle} and {@link #conclude}, for a scenario with a step between the two).
 */
final class OverloadRun {

    static final String SHUTDOWN_NOTICE = "INFO server shutting down";
    private static final long MAX_STREAM_LINES = 1_000_000;
    private static final int MAX_PINGS = 200_000;

    /** A setup step failed (logins refused, server not found): the scenario cannot measure. */
    static final class SetupFailure extends Exception {
        SetupFailure(String message) {
            super(message);
        }
    }

    /** Numbered lines from some senders to readers who must read all of them. */
    private record Stream(String name, List<StreamSender> senders, List<Reader> readers) {
    }

    private record Reader(NumberedReader reader, Tail tail, List<StreamSender> from) {
        long expected() {
            long expected = 0;
            for (StreamSender sender : from) {
                expected += sender.sent();
            }
            return expected;
        }
    }

    private final Target target;
    private final OverloadOptions options;
    private final Report report;
    private final InetSocketAddress server;
    private final SourceAddresses sources;
    private final List<Stream> streams = new ArrayList<>();
    private final Map<String, List<Tail>> own = new LinkedHashMap<>();
    private final List<Tail> streamTails = new ArrayList<>();
    private final List<String> failedTargets = new ArrayList<>();
    private long pid;
    private long logFrom;
    private RssSampler rss;
    private long baseKib = -1;
    private Bystander bystander;
    private Fleet streamFleet;
    private long phaseStart;
    private long phaseEnd;
    private boolean shutdownExpected;

    OverloadRun(String scenario, Target target, OverloadOptions options) {
        this.target = target;
        this.options = options;
        this.report = new Report("overload " + scenario);
        this.server = target.server();
        this.sources = target.sources();
    }

    Report report() {
        return report;
    }

    SourceAddresses sources() {
        return sources;
    }

    InetSocketAddress server() {
        return server;
    }

    long pid() {
        return pid;
    }

    RssSampler rss() {
        return rss;
    }

    long baseKib() {
        return baseKib;
    }

    Bystander bystander() {
        return bystander;
    }

    /** A new fleet on the scenario's server and source addresses. */
    Fleet fleet(int bufferBytes) {
        return new Fleet(server, sources, target.parallel, bufferBytes, target.ioThreads);
    }

    /**
     * Finds the server, starts sampling its RSS, logs in the bystander, the readers and the
     * stream sender (and {@code dmPairs} pairs, each a sender DMing numbered lines to its
     * reader at {@code dmRate}), and starts the numbered lines.
     */
    void begin(int dmPairs, double dmRate) throws IOException, InterruptedException, SetupFailure {
        pid = options.serverPid > 0 ? options.serverPid : ServerMemory.listenerPid(target.port);
        report.put("serverPid", pid);
        logFrom = ServerLog.size(options.serverLog);
        rss = RssSampler.of(pid, options.sampleInterval).start();
        baseKib = rss.lastKib();

        bystander = new Bystander(target.name("y", 0), options.pingInterval, MAX_PINGS);
        bystander.start(server, sources.next(), target.timeout);

        streamFleet = new Fleet(server, sources, target.parallel, 128 * 1024, 1);
        int clients = 1 + options.readers + 2 * dmPairs;
        streamFleet.expectLogins(clients);
        LineReader.Handler ignore = (bytes, offset, length) -> true;
        Tail senderTail = new Tail();
        streamTails.add(senderTail);
        String senderName = target.name("s", 0);
        BenchClient senderClient = streamFleet.add(senderName, ignore, senderTail);
        StreamSender broadcaster = new StreamSender(senderClient, "MSG ", options.streamSize, options.streamRate,
                MAX_STREAM_LINES);
        List<Reader> broadcastReaders = new ArrayList<>();
        for (int i = 0; i < options.readers; i++) {
            NumberedReader reader = new NumberedReader("MSG ", senderName);
            Tail tail = new Tail();
            streamFleet.add(target.name("r", i), reader, tail);
            broadcastReaders.add(new Reader(reader, tail, List.of(broadcaster)));
        }
        streams.add(new Stream("broadcast", List.of(broadcaster), broadcastReaders));
        if (dmPairs > 0) {
            List<StreamSender> dmSenders = new ArrayList<>();
            List<Reader> dmReaders = new ArrayList<>();
            for (int i = 0; i < dmPairs; i++) {
                String from = target.name("p", i);
                String to = target.name("q", i);
                Tail fromTail = new Tail();
                streamTails.add(fromTail);
                StreamSender sender = new StreamSender(streamFleet.add(from, ignore, fromTail), "DM " + to + " ",
                        options.streamSize, dmRate, MAX_STREAM_LINES);
                NumberedReader reader = new NumberedReader("DM ", from);
                Tail tail = new Tail();
                streamFleet.add(to, reader, tail);
                dmSenders.add(sender);
                dmReaders.add(new Reader(reader, tail, List.of(sender)));
            }
            streams.add(new Stream("dm", dmSenders, dmReaders));
        }
        if (!streamFleet.awaitLogins(target.timeout.toNanos()) || !streamFleet.failures().isEmpty()) {
            List<String> failures = streamFleet.failures();
            throw new SetupFailure("readers' logins: " + (failures.isEmpty() ? "timeout" : failures.get(0)));
        }
        for (Stream stream : streams) {
            for (StreamSender sender : stream.senders()) {
                sender.start();
            }
        }
    }

    /** The scenario's own clients of one kind, to count the ones the server cut. */
    void own(String group, List<Tail> tails) {
        own.computeIfAbsent(group, g -> new ArrayList<>()).addAll(tails);
    }

    static List<Tail> tails(List<BenchClient> clients) {
        List<Tail> tails = new ArrayList<>(clients.size());
        for (BenchClient client : clients) {
            if (client.tail != null) {
                tails.add(client.tail);
            }
        }
        return tails;
    }

    /** Marks the start of the overload itself (after its clients logged in). */
    void phaseStarts() {
        phaseStart = System.nanoTime();
    }

    /** The server is being shut down: readers that read its notice before their end were not cut. */
    void expectShutdown() {
        shutdownExpected = true;
    }

    /** A scenario's own target, reported in {@code failedTargets} when missed. */
    void target(String name, boolean met) {
        if (!met) {
            failedTargets.add(name);
        }
    }

    /**
     * Ends the overload now (unless it was already ended): stops the numbered lines and the
     * bystander's PINGs. What the scenario does after this (e.g. reading what its attackers were
     * sent) does not count as part of the phase.
     */
    void endPhase() throws InterruptedException {
        if (phaseEnd != 0) {
            return;
        }
        phaseEnd = System.nanoTime();
        for (Stream stream : streams) {
            for (StreamSender sender : stream.senders()) {
                sender.stop();
            }
        }
        bystander.stopPinging();
    }

    /** Ends the phase and waits for the readers' last lines (up to --drain) and the last PONGs (up to --pong-wait). */
    void settle() throws InterruptedException {
        endPhase();
        long drainDeadline = System.nanoTime() + options.drain.toNanos();
        while (System.nanoTime() - drainDeadline < 0 && !allRead()) {
            Thread.sleep(20);
        }
        bystander.awaitPongs(phaseEnd + options.pongWait.toNanos());
    }

    /** {@link #settle}, then {@link #conclude}. */
    Report finish() throws InterruptedException {
        settle();
        return conclude();
    }

    /** Closes the bystander and the readers and reports every common figure. */
    Report conclude() throws InterruptedException {
        Thread.sleep(100); // the server's last log lines
        bystander.close();
        streamFleet.closeAll();
        rss.close();
        ServerMemory.Status status = ServerMemory.status(pid);
        reportPhase();
        reportMemory(status);
        reportBystander();
        reportCuts();
        reportLog();
        reportStreams();
        report.put("failedTargets", failedTargets.isEmpty() ? "-" : String.join(",", failedTargets))
                .put("targetsMet", failedTargets.isEmpty());
        return report;
    }

    private boolean allRead() {
        for (Stream stream : streams) {
            for (Reader reader : stream.readers()) {
                if (reader.reader().received() < reader.expected() && !reader.tail().cut()) {
                    return false;
                }
            }
        }
        return true;
    }

    private void reportPhase() {
        if (phaseStart != 0) {
            report.put("phaseSeconds", (phaseEnd - phaseStart) / 1e9);
        }
    }

    private void reportMemory(ServerMemory.Status end) {
        long peak = rss.peakKib();
        boolean known = baseKib > 0 && peak > 0;
        report.put("rssBaseMib", mib(baseKib))
                .put("rssPeakMib", mib(peak))
                .put("rssPeakGrowthMib", known ? mib(peak - baseKib) : -1.0)
                .put("rssHwmGrowthMib", known && end.hwmKib() > 0 ? mib(end.hwmKib() - baseKib) : -1.0)
                .put("rssEndMib", mib(end.rssKib() > 0 ? end.rssKib() : rss.lastKib()))
                .put("rssSamples", rss.samples());
        target("rss", known && peak - baseKib <= options.maxRssGrowthMib * 1024);
    }

    static double mib(long kib) {
        return kib < 0 ? -1.0 : kib / 1024.0;
    }

    private void reportBystander() {
        int unanswered = bystander.pings() - bystander.pongs();
        Tail tail = bystander.tail();
        report.put("bystanderPings", bystander.pings()).put("bystanderPongs", bystander.pongs());
        if (unanswered > 0) {
            report.put("bystanderWorstPingMs", "failed: " + unanswered + " PING(s) unanswered within "
                    + options.pongWait.toMillis() + " ms of the end");
        } else {
            report.put("bystanderWorstPingMs", bystander.worstNanos() / 1e6);
        }
        report.put("bystanderP99PingMs", bystander.latency().percentileMillis(99))
                .put("bystanderCut", tail.cut() ? tail.end() + " after " + tail.last() : "-")
                .put("leaveNotices", bystander.leaveNotices())
                .put("leaveSummaries", bystander.leaveSummaries())
                .put("leaveSummarized", bystander.summarizedLeaves());
        boolean cutOk = !tail.cut() || (shutdownExpected && bystander.sawShutdownNotice());
        target("ping", unanswered == 0 && cutOk && bystander.worstNanos() < options.maxPing.toNanos());
    }

    private void reportCuts() {
        Tally by = new Tally();
        Tally how = new Tally();
        long cut = 0;
        for (Map.Entry<String, List<Tail>> group : own.entrySet()) {
            long groupCut = 0;
            for (Tail tail : group.getValue()) {
                if (tail.cut()) {
                    groupCut++;
                    by.add(tail.last());
                    how.add(tail.end());
                }
            }
            report.put(group.getKey() + "Cut", groupCut);
            cut += groupCut;
        }
        report.put("cut", cut).put("cutBy", by.toString()).put("cutHow", how.toString());
    }

    private void reportLog() {
        if (options.serverLog == null) {
            return;
        }
        try {
            Tally slow = ServerLog.reasons(options.serverLog, logFrom, "[SLOW]");
            Tally reject = ServerLog.reasons(options.serverLog, logFrom, "[REJECT]");
            report.put("slowLines", slow.total()).put("slowBy", slow.toString()).put("rejectBy", reject.toString());
        } catch (IOException e) {
            report.put("slowLines", -1).put("slowBy", "unreadable: " + e.getMessage());
        }
    }

    private void reportStreams() {
        long lost = 0;
        long violations = 0;
        long readersCut = 0;
        long readers = 0;
        Latency latency = new Latency();
        Tally cutBy = new Tally();
        for (Stream stream : streams) {
            long sent = 0;
            for (StreamSender sender : stream.senders()) {
                sent += sender.sent();
            }
            long received = 0;
            long streamLost = 0;
            for (Reader reader : stream.readers()) {
                readers++;
                received += reader.reader().received();
                streamLost += Math.max(0, reader.expected() - reader.reader().received());
                violations += reader.reader().orderViolations;
                latency.add(reader.reader().latency());
                if (reader.tail().cut() && !leftAtShutdown(reader.tail(), reader.reader().sawShutdownNotice)) {
                    readersCut++;
                    cutBy.add(reader.tail().last());
                }
            }
            lost += streamLost;
            report.put(stream.name() + "Sent", sent).put(stream.name() + "Received", received)
                    .put(stream.name() + "Lost", streamLost);
        }
        long sendersCut = 0;
        for (Tail tail : streamTails) {
            if (tail.cut() && !leftAtShutdown(tail, false)) {
                sendersCut++;
                cutBy.add("sender: " + tail.last());
            }
        }
        report.put("readers", readers).put("lostLines", lost).put("orderViolations", violations)
                .put("readersCut", readersCut + sendersCut).put("readersCutBy", cutBy.toString())
                .put("readerLatencyP99Ms", latency.percentileMillis(99))
                .put("readerLatencyMaxMs", latency.maxMillis());
        target("lost", lost == 0 && violations == 0 && readersCut + sendersCut == 0);
    }

    private boolean leftAtShutdown(Tail tail, boolean sawNotice) {
        return shutdownExpected && (sawNotice || SHUTDOWN_NOTICE.equals(tail.last()));
    }

    /** Waits for the threads, all of them together at most until {@code deadlineNanos}. */
    static void joinAll(List<Thread> threads, long deadlineNanos) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            thread.join(Math.max(1, left / 1_000_000));
        }
    }

    /** Sleeps until {@code deadlineNanos} (a bounded wait for the scenario's duration). */
    static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long left;
        while ((left = deadlineNanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    /** Closes the bench's side after a setup failure; the report says what failed. */
    Report failed(String why) throws InterruptedException {
        report.put("setupFailure", why).put("targetsMet", false);
        if (bystander != null) {
            bystander.close();
        }
        if (streamFleet != null) {
            streamFleet.closeAll();
        }
        if (rss != null) {
            rss.close();
        }
        return report;
    }
}
