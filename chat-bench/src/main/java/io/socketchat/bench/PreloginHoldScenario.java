package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Arrays;

/** {@code prelogin-hold}: many connections that never log in, each holding an unfinished line at the server. */
@Command(name = "prelogin-hold", mixinStandardHelpOptions = true,
        description = "C connections each send B bytes without a newline and never log in, and are held; then they "
                + "close and a next wave does the same. Reports the server's RSS growth per connection.")
final class PreloginHoldScenario extends OverloadScenario {

    @Option(names = {"-c", "--connections"}, defaultValue = "10000", paramLabel = "N",
            description = "Connections per wave (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--bytes", defaultValue = "65536", paramLabel = "BYTES",
            description = "What each sends, without a newline (default ${DEFAULT-VALUE}).")
    int bytes;

    @Option(names = "--waves", defaultValue = "2", paramLabel = "N", description = "Waves, one after the other (default ${DEFAULT-VALUE}).")
    int waves;

    @Option(names = "--hold", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long a wave is held once all its bytes are sent (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--gap", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between waves (default ${DEFAULT-VALUE}).")
    Duration gap;

    @Option(names = "--max-per-conn", defaultValue = "4096", paramLabel = "BYTES",
            description = "Target: peak RSS growth per held connection at most this (default ${DEFAULT-VALUE}).")
    long maxPerConn;

    @Override
    String name() {
        return "prelogin-hold";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        Report report = run.report().put("connections", connections).put("bytesEach", bytes).put("waves", waves)
                .put("holdSeconds", hold.toMillis() / 1000.0);
        byte[] greeting = new byte[bytes];
        Arrays.fill(greeting, (byte) 'a');
        run.begin(0, 0);
        run.phaseStarts();
        long worstPerConn = 0;
        long worstLivePerConn = 0;
        long liveBefore = LiveHeap.usedKib(run.pid()); // after a full collection: what the server holds
        report.put("liveHeapBeforeKib", liveBefore);
        for (int wave = 1; wave <= waves; wave++) {
            run.rss().takeWindowPeak();
            Fleet fleet = run.fleet(4096);
            fleet.greetingTimeout(java.util.concurrent.TimeUnit.SECONDS.toNanos(5)); // then it counts as stalled
            try {
                fleet.expectLogins(connections);
                long start = System.nanoTime();
                for (int i = 0; i < connections; i++) {
                    fleet.addRaw(target.name("h" + wave + "-", i), greeting, IGNORE, new Tail());
                }
                boolean allSent = fleet.awaitLogins(target.timeout.toNanos());
                double sendSeconds = (System.nanoTime() - start) / 1e9;
                long stalled = fleet.clients().stream().filter(c -> c.greetingWritten < bytes).count();
                OverloadRun.sleepUntil(System.nanoTime() + hold.toNanos());
                long peak = run.rss().takeWindowPeak();
                // What the held connections cost, without the garbage the peak also counts
                // (pages the collector touched and keeps are RSS, but not held by anyone).
                long liveHeld = LiveHeap.usedKib(run.pid());
                long livePerConn = liveHeld < 0 || liveBefore < 0 ? -1 : (liveHeld - liveBefore) * 1024 / Math.max(1, connections);
                worstLivePerConn = livePerConn < 0 || worstLivePerConn < 0 ? -1 : Math.max(worstLivePerConn, livePerConn);
                long growthKib = peak > 0 && run.baseKib() > 0 ? peak - run.baseKib() : -1;
                long perConn = growthKib < 0 ? -1 : growthKib * 1024 / Math.max(1, connections);
                worstPerConn = perConn < 0 || worstPerConn < 0 ? -1 : Math.max(worstPerConn, perConn);
                String w = "wave" + wave;
                report.put(w + "SendSeconds", sendSeconds)
                        .put(w + "Connected", connections - fleet.failures().size())
                        .put(w + "FirstFailure", fleet.failures().isEmpty() ? (allSent ? "-" : "timeout") : fleet.failures().get(0))
                        .put(w + "SendStalled", stalled)
                        .put(w + "PeakGrowthMib", OverloadRun.mib(growthKib))
                        .put(w + "PerConnBytes", perConn)
                        .put(w + "LiveHeapPerConnBytes", livePerConn);
                run.own("prelogin", OverloadRun.tails(fleet.clients()));
            } finally {
                fleet.closeAll();
            }
            if (wave < waves) {
                OverloadRun.sleepUntil(System.nanoTime() + gap.toNanos());
            }
        }
        report.put("rssPerConnBytes", worstPerConn);
        report.put("liveHeapPerConnBytes", worstLivePerConn);
        run.target("perConn", worstPerConn >= 0 && worstPerConn <= maxPerConn);
        return run.finish();
    }
}
