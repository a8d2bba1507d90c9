package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/** {@code storm}: N logged-in clients, then every one of their connections reset at once. */
@Command(name = "storm", mixinStandardHelpOptions = true,
        description = "N clients log in, then all their connections are reset at once (SO_LINGER 0), while the "
                + "bystander pings and the readers read. Reports how long the leave notices took to reach the bystander.")
final class StormScenario extends OverloadScenario {

    @Option(names = {"-n", "--clients"}, defaultValue = "19000", paramLabel = "N", description = "Clients to reset (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long to keep measuring after the reset (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    String name() {
        return "storm";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        Report report = run.report().put("clients", clients).put("durationSeconds", duration.toMillis() / 1000.0);
        run.begin(0, 0);
        Fleet storm = loginIdle(run, "storm", "x", clients, 512);
        try {
            Thread.sleep(500);
            report.put("rssLoggedInMib", OverloadRun.mib(run.rss().lastKib()));
            run.phaseStarts();
            long resetNanos = storm.resetAll();
            long resetAt = System.nanoTime();
            long end = resetAt + duration.toNanos();
            boolean allTold = run.bystander().awaitLeaves(clients, end);
            long toldAt = System.nanoTime();
            report.put("resetMs", resetNanos / 1e6)
                    .put("leavesToBystanderMs", allTold ? (toldAt - resetAt) / 1e6 : (Object) (
                            "not all within " + duration.toMillis() + " ms (" + run.bystander().leavesCounted() + ")"));
            OverloadRun.sleepUntil(end);
            return run.finish();
        } finally {
            storm.closeAll();
        }
    }
}
