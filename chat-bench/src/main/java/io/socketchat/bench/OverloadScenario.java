package io.socketchat.bench;

import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One {@code chat-bench overload} scenario: its load, inside the measuring of
 * {@link OverloadRun}. The exit code is 0 only when every target was met.
 */
abstract class OverloadScenario implements Callable<Integer> {

    @Mixin
    Target target;

    @Mixin
    OverloadOptions options;

    /** The scenario's name in the report. */
    abstract String name();

    /** Runs the scenario's load between {@link OverloadRun#begin} and {@link OverloadRun#finish}. */
    abstract Report drive(OverloadRun run) throws Exception;

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out, target.json);
        return Boolean.TRUE.equals(report.get("targetsMet")) ? 0 : 1;
    }

    Report run() throws Exception {
        OverloadRun run = new OverloadRun(name(), target, options);
        try {
            return drive(run);
        } catch (OverloadRun.SetupFailure | IOException e) {
            return run.failed(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    static final LineReader.Handler IGNORE = (bytes, offset, length) -> true;

    /**
     * Logs in {@code count} idle clients named {@code <prefix><role><i>} on a fleet, each with a
     * tail, and books them as the group's own clients; reports {@code <group>LoginSeconds}.
     */
    Fleet loginIdle(OverloadRun run, String group, String role, int count, int bufferBytes) throws InterruptedException,
            OverloadRun.SetupFailure {
        Fleet fleet = run.fleet(bufferBytes);
        fleet.expectLogins(count);
        for (int i = 0; i < count; i++) {
            fleet.add(target.name(role, i), IGNORE, new Tail());
        }
        long start = System.nanoTime();
        boolean allIn = fleet.awaitLogins(target.timeout.toNanos());
        run.report().put(group + "LoginSeconds", (System.nanoTime() - start) / 1e9);
        if (!allIn || !fleet.failures().isEmpty()) {
            java.util.List<String> failures = fleet.failures();
            fleet.closeAll();
            throw new OverloadRun.SetupFailure(count + " logins (" + group + "): " + failures.size() + " failed, first: "
                    + (failures.isEmpty() ? "timeout" : failures.get(0)));
        }
        run.own(group, OverloadRun.tails(fleet.clients()));
        return fleet;
    }

    /**
     * Connects and logs in {@code count} blocking clients named {@code <prefix><role><i>}
     * ({@code --parallel} at a time, on virtual threads) and books them as the group's own.
     */
    java.util.List<LineClient> loginBlocking(OverloadRun run, String group, String role, int count, int receiveBuffer,
                                             int bufferBytes) throws InterruptedException, OverloadRun.SetupFailure {
        LineClient[] clients = new LineClient[count];
        java.util.concurrent.ConcurrentLinkedQueue<String> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(Math.max(1, target.parallel));
        java.util.List<Thread> threads = new java.util.ArrayList<>(count);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            int index = i;
            inFlight.acquire();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    LineClient client = LineClient.connect(run.server(), run.sources().next(), receiveBuffer,
                            bufferBytes, target.timeout);
                    clients[index] = client;
                    client.login(target.name(role, index), target.timeout);
                } catch (IOException e) {
                    failures.add(target.name(role, index) + ": " + e.getMessage());
                } finally {
                    inFlight.release();
                }
            }));
        }
        OverloadRun.joinAll(threads, System.nanoTime() + target.timeout.toNanos());
        run.report().put(group + "LoginSeconds", (System.nanoTime() - start) / 1e9);
        java.util.List<LineClient> all = new java.util.ArrayList<>(count);
        for (LineClient client : clients) {
            if (client != null) {
                all.add(client);
            }
        }
        if (!failures.isEmpty() || all.size() < count) {
            all.forEach(LineClient::close);
            throw new OverloadRun.SetupFailure(count + " logins (" + group + "): " + failures.size() + " failed, first: "
                    + (failures.isEmpty() ? "timeout" : failures.peek()));
        }
        java.util.List<Tail> tails = new java.util.ArrayList<>(count);
        for (LineClient client : all) {
            tails.add(client.tail());
        }
        run.own(group, tails);
        return all;
    }

    /**
     * Reads what each client was still sent, as fast as it comes, until its end of stream, a
     * quiet spell of {@code quietMillis}, or {@code deadlineNanos}: afterwards each tail shows the
     * client's last line and whether the server had closed it.
     */
    static void drain(java.util.List<LineClient> clients, long quietMillis, long deadlineNanos) throws InterruptedException {
        java.util.List<Thread> threads = new java.util.ArrayList<>(clients.size());
        for (LineClient client : clients) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    client.readTimeout(java.time.Duration.ofMillis(quietMillis));
                    while (System.nanoTime() - deadlineNanos < 0 && client.readSome(1 << 20, IGNORE) >= 0) {
                        // reading to the end
                    }
                } catch (IOException e) {
                    // quiet (still open), or reset: the tail has it
                }
            }));
        }
        OverloadRun.joinAll(threads, deadlineNanos + java.util.concurrent.TimeUnit.SECONDS.toNanos(1));
    }
}
