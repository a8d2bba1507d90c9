package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * {@code log-stall}: ordinary chat while the server's standard output is not read. The stall is
 * the runner's doing (bench/run-overload.sh gives the server a FIFO nobody reads as stdout);
 * the scenario is DM pairs and the broadcast readers, watched by the bystander.
 */
@Command(name = "log-stall", mixinStandardHelpOptions = true,
        description = "P pairs DM numbered lines for a duration, for a server whose stdout is not read (the runner "
                + "starts it so). Reports the bystander's PING and the lines lost.")
final class LogStallScenario extends OverloadScenario {

    @Option(names = {"-p", "--pairs"}, defaultValue = "50", paramLabel = "N", description = "DM pairs (default ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--dm-rate", defaultValue = "100", paramLabel = "LINES_PER_S",
            description = "DMs per second per pair (default ${DEFAULT-VALUE}).")
    double dmRate;

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    String name() {
        return "log-stall";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        run.report().put("pairs", pairs).put("dmRate", dmRate).put("durationSeconds", duration.toMillis() / 1000.0);
        run.begin(pairs, dmRate);
        run.phaseStarts();
        OverloadRun.sleepUntil(System.nanoTime() + duration.toNanos());
        return run.finish();
    }
}
