package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/** {@code who-flood}: many users online; attackers ask for the user list many times a second and hardly read it. */
@Command(name = "who-flood", mixinStandardHelpOptions = true,
        description = "U users log in; A attackers each send WHO R times a second for a duration, reading the "
                + "answers slowly or not at all (--attacker-reads).")
final class WhoFloodScenario extends OverloadScenario {

    enum Reads { none, slow }

    @Option(names = {"-u", "--users"}, defaultValue = "5000", paramLabel = "N", description = "Users online (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = {"-a", "--attackers"}, defaultValue = "500", paramLabel = "N", description = "Attackers (default ${DEFAULT-VALUE}).")
    int attackers;

    @Option(names = "--who-rate", defaultValue = "20", paramLabel = "PER_S",
            description = "WHO per second per attacker (default ${DEFAULT-VALUE}).")
    double whoRate;

    @Option(names = "--attacker-reads", defaultValue = "none", paramLabel = "none|slow",
            description = "none: attackers never read (until the end, to see why they were cut); slow: each reads "
                    + "--slow-read-rate bytes a second (default ${DEFAULT-VALUE}).")
    Reads attackerReads;

    @Option(names = "--slow-read-rate", defaultValue = "65536", paramLabel = "BYTES_PER_S",
            description = "What a slow attacker reads per second (default ${DEFAULT-VALUE}).")
    int slowReadRate;

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long the attack lasts (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    String name() {
        return "who-flood";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        Report report = run.report().put("users", users).put("attackers", attackers).put("whoRate", whoRate)
                .put("attackerReads", attackerReads.name()).put("durationSeconds", duration.toMillis() / 1000.0);
        run.begin(0, 0);
        Fleet idle = loginIdle(run, "users", "u", users, 512);
        List<LineClient> attacking = List.of();
        try {
            attacking = loginBlocking(run, "attackers", "w", attackers, 0, 64 * 1024);
            run.phaseStarts();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long interval = (long) (1e9 / Math.max(0.001, whoRate));
            LongAdder whoSent = new LongAdder();
            LongAdder bytesRead = new LongAdder();
            List<Thread> threads = new ArrayList<>();
            byte[] who = Wire.ascii("WHO\n");
            for (int i = 0; i < attacking.size(); i++) {
                LineClient attacker = attacking.get(i);
                long offset = interval * i / Math.max(1, attacking.size()); // spread over the interval
                threads.add(Thread.ofVirtual().start(() -> ask(attacker, who, start + offset, interval, end, whoSent)));
                if (attackerReads == Reads.slow) {
                    threads.add(Thread.ofVirtual().start(() -> readSlowly(attacker, end, bytesRead)));
                }
            }
            OverloadRun.sleepUntil(end);
            run.endPhase();
            // A writer still blocked on a server that stopped reading is unblocked by the close at the end.
            OverloadRun.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
            long askedSeconds = Math.max(1, System.nanoTime() - start);
            drain(attacking, 500, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            report.put("whoSent", whoSent.sum())
                    .put("whoPerSec", Math.round(whoSent.sum() / (askedSeconds / 1e9)))
                    .put("attackerBytesRead", bytesRead.sum());
            return run.finish();
        } finally {
            attacking.forEach(LineClient::close);
            idle.closeAll();
        }
    }

    private static void ask(LineClient attacker, byte[] who, long first, long interval, long end, LongAdder sent) {
        for (long k = 0; ; k++) {
            long due = first + k * interval;
            if (due - end >= 0) {
                return;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            try {
                attacker.write(who);
            } catch (IOException e) {
                return; // cut: the tail has it
            }
            sent.increment();
        }
    }

    /** Reads about {@code slowReadRate} bytes a second in ten slices, until the end or the server's close. */
    private void readSlowly(LineClient attacker, long end, LongAdder bytesRead) {
        int slice = Math.max(1, slowReadRate / 10);
        long tick = TimeUnit.MILLISECONDS.toNanos(100);
        try {
            attacker.readTimeout(Duration.ofMillis(100));
            for (long next = System.nanoTime(); next - end < 0; next += tick) {
                int budget = slice;
                while (budget > 0 && System.nanoTime() - (next + tick) < 0) {
                    int read;
                    try {
                        read = attacker.readSome(budget, IGNORE);
                    } catch (SocketTimeoutException e) {
                        break; // nothing more this slice
                    }
                    if (read < 0) {
                        return;
                    }
                    budget -= read;
                    bytesRead.add(read);
                }
                long wait = next + tick - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (IOException e) {
            // reset: the tail has it
        }
    }
}
