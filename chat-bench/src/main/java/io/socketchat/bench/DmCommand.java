package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code dm}: P pairs ping-pong DMs for a duration; reports round trips/s and RTT percentiles.
 * With {@code --pair-ports} each pair spans two nodes of a cluster, so every DM crosses.
 */
@Command(name = "dm", mixinStandardHelpOptions = true,
        description = "P pairs of clients bounce a DM back and forth for a duration. "
                + "Reports round trips/s, RTT p50/p99/max, lost and out-of-order replies.")
final class DmCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = {"-p", "--pairs"}, defaultValue = "50", description = "Pairs (default ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "How long to ping-pong (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--size", defaultValue = "100", description = "Bytes per DM line (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--pair-ports", split = ",", paramLabel = "P1,P2",
            description = "Put each pair's two ends on different ones of these ports (the nodes of a cluster): pair i's"
                    + " pinger on port i mod n, its echoer on the next. Before the ping-pong starts, one more client"
                    + " per port waits until its node's WHO lists every user. Default: every client to --port.")
    List<Integer> pairPorts;

    @Option(names = "--quiet", defaultValue = "3s", converter = DurationConverter.class,
            description = "Give up when no round trip completes for this long (default ${DEFAULT-VALUE}).")
    Duration quiet;

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out, target.json);
        return Boolean.TRUE.equals(report.get("clean")) ? 0 : 1;
    }

    Report run() throws Exception {
        Fleet fleet = target.fleet(4096);
        CountDownLatch done = new CountDownLatch(pairs);
        List<DmPair> all = new ArrayList<>(pairs);
        List<Integer> ports = pairPorts == null || pairPorts.isEmpty() ? List.of(target.port) : pairPorts;
        List<WhoProbe> probes = new ArrayList<>();
        int users = 2 * pairs + (ports.size() > 1 ? ports.size() : 0);
        fleet.expectLogins(users);
        for (int i = 0; i < pairs; i++) {
            DmPair pair = new DmPair(target.name("a", i), target.name("e", i), size, done);
            all.add(pair);
            pair.bind(fleet.add(pair.pingerName(), pair.pingerSide, target.at(ports.get(i % ports.size()))),
                    fleet.add(pair.echoerName(), pair.echoerSide, target.at(ports.get((i + 1) % ports.size()))));
        }
        if (ports.size() > 1) {
            for (int p = 0; p < ports.size(); p++) {
                WhoProbe probe = new WhoProbe();
                probe.bind(fleet.add(target.name("w", p), probe, target.at(ports.get(p))));
                probes.add(probe);
            }
        }
        Report report = new Report("dm").put("pairs", pairs).put("durationSeconds", duration.toMillis() / 1000.0)
                .put("size", size);
        if (ports.size() > 1) {
            report.put("pairPorts", ports.toString().replace(" ", ""));
        }
        long loginStart = System.nanoTime();
        boolean allIn = fleet.awaitLogins(target.timeout.toNanos());
        report.put("loginSeconds", (System.nanoTime() - loginStart) / 1e9);
        if (!allIn || !fleet.failures().isEmpty()) {
            fleet.closeAll();
            return FanoutCommand.failed(report, fleet, allIn);
        }
        if (!probes.isEmpty()) {
            long syncStart = System.nanoTime();
            long syncDeadline = syncStart + target.timeout.toNanos();
            for (WhoProbe probe : probes) {
                if (!probe.awaitUsers(users, syncDeadline)) {
                    fleet.closeAll();
                    return report.put("firstFailure", "a node never listed all " + users + " users")
                            .put("complete", false).put("clean", false);
                }
            }
            report.put("clusterSyncSeconds", (System.nanoTime() - syncStart) / 1e9);
        }
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (DmPair pair : all) {
            pair.start(deadline);
        }
        boolean complete = Progress.await(done, () -> all.stream().mapToLong(DmPair::progress).sum(),
                quiet.toNanos(), duration.toNanos() + target.timeout.toNanos());
        fleet.closeAll();

        long roundTrips = 0;
        long violations = 0;
        long errors = 0;
        long lost = 0;
        long last = start;
        Latency latency = new Latency();
        for (DmPair pair : all) {
            roundTrips += pair.roundTrips;
            violations += pair.orderViolations;
            errors += pair.errors;
            lost += pair.outstanding();
            last = Math.max(last, pair.finishNanos);
            latency.add(pair.latency());
        }
        double seconds = (last - start) / 1e9;
        report.put("roundTrips", roundTrips).put("lost", lost).put("orderViolations", violations)
                .put("errors", errors).put("disconnected", fleet.unexpectedEnds())
                .put("seconds", seconds)
                .put("roundTripsPerSec", seconds > 0 ? Math.round(roundTrips / seconds) : 0);
        latency.report(report, "rtt");
        report.put("complete", complete).put("clean", complete && lost == 0 && violations == 0 && errors == 0);
        return report;
    }
}
