package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code conns}: C clients log in and stay; then one broadcast reaches all of them. Reports
 * logins/s, the time for the broadcast to reach the last client, and the server's RSS.
 *
 * <p>For more clients than one process may hold (20,000 open files here), run two: the first
 * with {@code --receive-only --ready-file F --hold 60s}, the second, started once F exists,
 * with a different {@code --offset} (or {@code --name-prefix}). Both measure the broadcast the
 * second one sends: its send time travels in the message and {@code System.nanoTime} is the
 * machine's monotonic clock, shared by the processes.
 */
@Command(name = "conns", mixinStandardHelpOptions = true,
        description = "C clients log in and are held; then one broadcast to all. "
                + "Reports logins/s, broadcast reach time and the server's RSS per connection.")
final class ConnsCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = {"-c", "--clients"}, defaultValue = "1000", description = "Clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "Server process to read VmRSS of, before and after the logins.")
    long serverPid;

    @Option(names = "--receive-only",
            description = "Do not broadcast: wait for a broadcast another bench process sends.")
    boolean receiveOnly;

    @Option(names = "--ready-file", paramLabel = "FILE",
            description = "Create this file once every client is logged in (for a second process to wait on).")
    Path readyFile;

    @Option(names = "--hold", defaultValue = "0s", converter = DurationConverter.class,
            description = "Keep the connections this long after the broadcast (default ${DEFAULT-VALUE}).")
    Duration hold;

    @Option(names = "--size", defaultValue = "100", description = "Bytes of the broadcast line (default ${DEFAULT-VALUE}).")
    int size;

    /** What one held client reads: the broadcast, once. */
    private static final class Holder implements LineReader.Handler {
        private final CountDownLatch reached;
        volatile long latencyNanos = -1;

        Holder(CountDownLatch reached) {
            this.reached = reached;
        }

        @Override
        public boolean line(byte[] bytes, int offset, int length) {
            if (latencyNanos < 0 && Wire.isMsg(bytes, offset, length)) {
                long now = System.nanoTime();
                int end = offset + length;
                int nameEnd = Wire.nextSpace(bytes, offset + 4, end);
                int seqEnd = Wire.nextSpace(bytes, nameEnd + 1, end);
                int sentEnd = Wire.nextSpace(bytes, seqEnd + 1, end);
                long sent = Wire.digits(bytes, seqEnd + 1, sentEnd);
                if (sent > 0) {
                    latencyNanos = now - sent;
                    reached.countDown();
                }
            }
            return true;
        }
    }

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out, target.json);
        return Boolean.TRUE.equals(report.get("clean")) ? 0 : 1;
    }

    Report run() throws Exception {
        // Held clients read two lines in all: a small buffer keeps 10,000 of them cheap.
        Fleet fleet = new Fleet(target.server(), target.tlsContext(), target.sources(), target.parallel, 512, target.ioThreads);
        fleet.dialect(target.irc());
        fleet.ircIdle(target.ircIdle());
        int receivers = receiveOnly ? clients : clients - 1;
        CountDownLatch reached = new CountDownLatch(receivers);
        List<Holder> holders = new ArrayList<>(clients);
        List<BenchClient> connections = new ArrayList<>(clients);
        Report report = new Report("conns").put("clients", clients).put("receiveOnly", receiveOnly);
        long rssBefore = ServerMemory.rssKib(serverPid);

        long start = System.nanoTime();
        fleet.expectLogins(clients);
        for (int i = 0; i < clients; i++) {
            Holder holder = new Holder(reached);
            holders.add(holder);
            connections.add(fleet.add(target.name("c", i), holder));
        }
        boolean allIn = fleet.awaitLogins(target.timeout.toNanos());
        double loginSeconds = (System.nanoTime() - start) / 1e9;
        long rssAfter = ServerMemory.rssKib(serverPid);
        report.put("loginSeconds", loginSeconds)
                .put("loginsPerSec", Math.round(clients / loginSeconds))
                .put("rssBeforeKib", rssBefore).put("rssAfterKib", rssAfter)
                .put("rssPerConnBytes", rssBefore > 0 && rssAfter > 0 ? (rssAfter - rssBefore) * 1024 / clients : -1);
        if (!allIn || !fleet.failures().isEmpty()) {
            fleet.closeAll();
            return FanoutCommand.failed(report, fleet, allIn);
        }
        if (readyFile != null) {
            Files.writeString(readyFile, "ready\n");
        }
        if (!receiveOnly) {
            // The first client broadcasts; the others (and any other bench process) wait for it.
            holders.get(0).latencyNanos = 0;
            Wire.MessageFormat format = new Wire.MessageFormat("MSG ", size);
            int length = format.format(0, System.nanoTime());
            try {
                connections.get(0).write(format.buffer(), 0, length);
            } catch (IOException e) {
                report.put("broadcastError", e.toString());
            }
        }
        boolean allReached = Progress.await(reached, reached::getCount, target.timeout.toNanos(),
                target.timeout.toNanos());
        long reach = 0;
        for (int i = receiveOnly ? 0 : 1; i < clients; i++) {
            reach = Math.max(reach, holders.get(i).latencyNanos);
        }
        report.put("broadcastReached", receivers - reached.getCount())
                .put("broadcastReachMs", reach / 1e6);
        if (!hold.isZero()) {
            Thread.sleep(hold.toMillis()); // keeping the connections open is the point here
        }
        fleet.closeAll();
        report.put("disconnected", fleet.unexpectedEnds())
                .put("clean", allReached && fleet.unexpectedEnds() == 0);
        return report;
    }
}
