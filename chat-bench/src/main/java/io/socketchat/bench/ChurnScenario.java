package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** {@code churn}: many users online while short-lived clients connect, log in and leave at a steady rate. */
@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "U users log in and stay; then R clients a second connect, log in and close, for a duration.")
final class ChurnScenario extends OverloadScenario {

    @Option(names = {"-u", "--users"}, defaultValue = "10000", paramLabel = "N", description = "Users online (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--churn-rate", defaultValue = "1300", paramLabel = "PER_S",
            description = "Connect + LOGIN + close per second (default ${DEFAULT-VALUE}).")
    double churnRate;

    @Option(names = "--churn-parallel", defaultValue = "1000", paramLabel = "N",
            description = "Short-lived clients under way at once at most; past it the schedule falls behind "
                    + "(default ${DEFAULT-VALUE}).")
    int churnParallel;

    @Option(names = "--churn-timeout", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Longest wait for one connect and its OK (default ${DEFAULT-VALUE}).")
    Duration churnTimeout;

    @Option(names = {"-d", "--duration"}, defaultValue = "20s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "How long (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Override
    String name() {
        return "churn";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        Report report = run.report().put("users", users).put("churnRate", churnRate)
                .put("durationSeconds", duration.toMillis() / 1000.0);
        run.begin(0, 0);
        Fleet idle = loginIdle(run, "users", "u", users, 512);
        try {
            run.phaseStarts();
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long total = (long) (churnRate * duration.toMillis() / 1000.0);
            double interval = 1e9 / Math.max(0.001, churnRate);
            Semaphore inFlight = new Semaphore(Math.max(1, churnParallel));
            LongAdder loggedIn = new LongAdder();
            Tally failures = new Tally();
            Latency latency = new Latency();
            AtomicLong behind = new AtomicLong();
            long attempted = 0;
            for (long i = 0; i < total; i++) {
                long due = start + (long) (i * interval);
                OverloadRun.sleepUntil(due);
                long wait = end - System.nanoTime();
                if (wait <= 0 || !inFlight.tryAcquire(wait, TimeUnit.NANOSECONDS)) {
                    break; // the duration is over: what is left of the schedule is not attempted
                }
                behind.accumulateAndGet(System.nanoTime() - due, Math::max);
                attempted++;
                String name = target.name("c", (int) i);
                Thread.ofVirtual().start(() -> {
                    try {
                        churnOnce(run, name, loggedIn, failures, latency);
                    } finally {
                        inFlight.release();
                    }
                });
            }
            long scheduleEnd = System.nanoTime();
            inFlight.tryAcquire(Math.max(1, churnParallel), churnTimeout.toMillis() * 2 + 1000, TimeUnit.MILLISECONDS);
            double seconds = (scheduleEnd - start) / 1e9;
            synchronized (latency) {
                report.put("churnAttempted", attempted)
                        .put("churnLoggedIn", loggedIn.sum())
                        .put("churnFailed", failures.total())
                        .put("churnFailures", failures.toString())
                        .put("churnPerSec", Math.round(loggedIn.sum() / Math.max(0.001, seconds)))
                        .put("churnBehindMaxMs", behind.get() / 1e6)
                        .put("churnLoginP99Ms", latency.percentileMillis(99))
                        .put("churnLoginMaxMs", latency.maxMillis());
            }
            return run.finish();
        } finally {
            idle.closeAll();
        }
    }

    private void churnOnce(OverloadRun run, String name, LongAdder loggedIn, Tally failures, Latency latency) {
        long start = System.nanoTime();
        try (LineClient client = LineClient.connect(run.server(), run.sources().next(), 0, 4096, churnTimeout)) {
            client.login(name, churnTimeout);
            long took = System.nanoTime() - start;
            synchronized (latency) {
                latency.recordNanos(took);
            }
            loggedIn.increment();
        } catch (IOException e) {
            failures.add(label(e));
        }
    }

    /** A failure's kind, without the parts that differ per client. */
    static String label(IOException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("LOGIN answered ")) {
            return message.substring("LOGIN answered ".length());
        }
        if (message.startsWith("no OK within")) {
            return "no OK in time";
        }
        if (message.startsWith("closed before OK")) {
            return message;
        }
        return e.getClass().getSimpleName() + ": " + message.replaceAll("[0-9.:]+", "#");
    }
}
