package io.socketchat.bench;

import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** What every overload scenario shares: the server to watch, the bystander, the well-behaved readers, the targets. */
final class OverloadOptions {

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Server process whose RSS is sampled (default: the process listening on --port, "
                    + "found through /proc).")
    long serverPid;

    @Option(names = "--server-log", paramLabel = "FILE",
            description = "The server's log file: its [SLOW] lines (and [REJECT] lines) written during the "
                    + "scenario are counted by their reason=.")
    Path serverLog;

    @Option(names = "--readers", defaultValue = "20", paramLabel = "N",
            description = "Well-behaved readers: they read everything, and every numbered line of the "
                    + "stream sender must reach each of them, in order (default ${DEFAULT-VALUE}).")
    int readers;

    @Option(names = "--stream-rate", defaultValue = "10", paramLabel = "LINES_PER_S",
            description = "Numbered MSG lines per second the stream sender broadcasts throughout (default ${DEFAULT-VALUE}).")
    double streamRate;

    @Option(names = "--stream-size", defaultValue = "100", paramLabel = "BYTES",
            description = "Bytes per numbered line (default ${DEFAULT-VALUE}).")
    int streamSize;

    @Option(names = "--ping-interval", defaultValue = "50ms", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "The bystander's PING interval (default ${DEFAULT-VALUE}).")
    Duration pingInterval;

    @Option(names = "--pong-wait", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A PING still unanswered this long after the scenario is a failure (default ${DEFAULT-VALUE}).")
    Duration pongWait;

    @Option(names = "--drain", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the readers get after the scenario to read the last numbered lines (default ${DEFAULT-VALUE}).")
    Duration drain;

    @Option(names = "--sample-interval", defaultValue = "50ms", converter = DurationConverter.class,
            paramLabel = "DURATION", description = "How often the server's RSS is read (default ${DEFAULT-VALUE}).")
    Duration sampleInterval;

    @Option(names = "--max-rss-growth", defaultValue = "512", paramLabel = "MIB",
            description = "Target: the server's peak RSS at most this much above its RSS before the scenario (default ${DEFAULT-VALUE}).")
    long maxRssGrowthMib;

    @Option(names = "--max-ping", defaultValue = "1s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Target: the bystander's worst PING round trip below this (default ${DEFAULT-VALUE}).")
    Duration maxPing;
}
