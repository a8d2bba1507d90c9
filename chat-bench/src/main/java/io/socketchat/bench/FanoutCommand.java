package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code fanout}: S senders each broadcast M messages; every other client should read all of
 * them, in order. With {@code --room #r} the same in one room: every client first sends
 * {@code JOIN #r} (the senders start when every listing has ended), then the senders
 * {@code SAY #r} and the counters read {@code SAY #r <sender> ...} lines.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "S senders each send M messages with MSG (or SAY in --room); R receivers (and the other senders) "
                + "read them. Reports deliveries/s, lost, order violations and latency.")
final class FanoutCommand implements Callable<Integer> {

    private static final int SEND_BUFFER = 16 * 1024;

    @Mixin
    Target target;

    @Option(names = {"-r", "--receivers"}, defaultValue = "100", description = "Receivers (default ${DEFAULT-VALUE}).")
    int receivers;

    @Option(names = {"-s", "--senders"}, defaultValue = "1", description = "Senders (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = {"-m", "--messages"}, defaultValue = "20000",
            description = "Messages per sender (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSGS_PER_S",
            description = "Messages per second per sender; 0 = as fast as the server takes them (default).")
    double rate;

    @Option(names = "--size", defaultValue = "100", description = "Bytes per message line (default ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--quiet", defaultValue = "3s", converter = DurationConverter.class,
            description = "Give up when nothing arrives for this long (default ${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--read-buffer", defaultValue = "32768", description = "Bytes per client read (default ${DEFAULT-VALUE}).")
    int readBuffer;

    @Option(names = "--receiver-ports", split = ",", paramLabel = "P1,P2",
            description = "Connect the receivers to these ports in turn (the nodes of a cluster), the senders to --port."
                    + " Default: every client to --port.")
    List<Integer> receiverPorts;

    @Option(names = "--room", paramLabel = "#ROOM",
            description = "Fan out in this room: every client JOINs it after login, senders SAY instead of MSG.")
    String room;

    @Override
    public Integer call() throws Exception {
        Report report = run();
        report.print(System.out, target.json);
        return Boolean.TRUE.equals(report.get("clean")) ? 0 : 1;
    }

    Report run() throws InterruptedException, IOException {
        Fleet fleet = target.fleet(readBuffer);
        int clients = receivers + senders;
        CountDownLatch done = new CountDownLatch(clients);
        List<MsgCounter> counters = new ArrayList<>(clients);
        List<BenchClient> senderClients = new ArrayList<>(senders);
        List<BenchClient> all = new ArrayList<>(clients);
        byte[] counted = Wire.ascii(room == null ? "MSG " : "SAY " + room + " ");
        CountDownLatch joined = new CountDownLatch(room == null ? 0 : clients);
        fleet.expectLogins(clients);
        for (int i = 0; i < receivers; i++) {
            MsgCounter counter = new MsgCounter(counted, (long) senders * messages, senders, target.offset, done);
            counters.add(counter);
            all.add(fleet.add(target.name("r", i), member(counter, joined), receiverAddress(i)));
        }
        for (int i = 0; i < senders; i++) {
            MsgCounter counter = new MsgCounter(counted, (long) (senders - 1) * messages, senders, target.offset, done);
            counters.add(counter);
            BenchClient sender = fleet.add(target.name("s", i), member(counter, joined));
            senderClients.add(sender);
            all.add(sender);
        }
        Report report = new Report("fanout")
                .put("receivers", receivers).put("senders", senders).put("messagesPerSender", messages)
                .put("rate", rate).put("size", size);
        if (room != null) {
            report.put("room", room);
        }
        if (receiverPorts != null) {
            report.put("senderPort", target.port).put("receiverPorts", receiverPorts.toString().replace(" ", ""));
        }
        long loginStart = System.nanoTime();
        boolean allIn = fleet.awaitLogins(target.timeout.toNanos());
        report.put("loginSeconds", (System.nanoTime() - loginStart) / 1e9);
        if (!allIn || !fleet.failures().isEmpty()) {
            fleet.closeAll();
            return failed(report, fleet, allIn);
        }
        if (room != null && !joinAll(all, joined, report)) {
            fleet.closeAll();
            return report.put("complete", false).put("clean", false);
        }

        long expected = (long) senders * messages * receivers + (long) senders * (senders - 1) * messages;
        long start = System.nanoTime();
        List<Thread> senderThreads = new ArrayList<>();
        long[] sendEnd = new long[senders];
        for (int i = 0; i < senders; i++) {
            BenchClient client = senderClients.get(i);
            int index = i;
            senderThreads.add(Thread.ofVirtual().start(() -> sendEnd[index] = send(client, start)));
        }
        boolean complete = Progress.await(done, () -> counters.stream().mapToLong(MsgCounter::progress).sum(),
                quiet.toNanos(), target.timeout.toNanos());
        for (Thread thread : senderThreads) {
            thread.join();
        }
        fleet.closeAll();

        long received = 0;
        long violations = 0;
        long foreign = 0;
        long errors = 0;
        long last = start;
        Latency latency = new Latency();
        for (MsgCounter counter : counters) {
            received += counter.received;
            violations += counter.orderViolations;
            foreign += counter.foreign;
            errors += counter.errors;
            last = Math.max(last, counter.lastNanos);
            latency.add(counter.latency());
        }
        long sendLast = start;
        for (long end : sendEnd) {
            sendLast = Math.max(sendLast, end);
        }
        double seconds = (last - start) / 1e9;
        report.put("expected", expected).put("received", received).put("lost", expected - received)
                .put("orderViolations", violations).put("errors", errors).put("foreign", foreign)
                .put("disconnected", fleet.unexpectedEnds())
                .put("sendSeconds", (sendLast - start) / 1e9)
                .put("seconds", seconds)
                .put("deliveriesPerSec", seconds > 0 ? Math.round(received / seconds) : 0);
        latency.report(report, "latency");
        report.put("complete", complete)
                .put("clean", complete && received == expected && violations == 0 && errors == 0);
        return report;
    }

    /** Where receiver {@code index} connects: {@code --receiver-ports} round-robin, else {@code --port}. */
    private InetSocketAddress receiverAddress(int index) {
        if (receiverPorts == null || receiverPorts.isEmpty()) {
            return target.server();
        }
        return target.at(receiverPorts.get(index % receiverPorts.size()));
    }

    private LineReader.Handler member(MsgCounter counter, CountDownLatch joined) {
        return room == null ? counter : new RoomMember(room, counter, joined);
    }

    /**
     * Every client JOINs the room (each write is one short line, from this thread: the clients'
     * selector threads never write); true once every listing has ended. Joining is not part of
     * the measured fan-out, but how long it took is reported.
     */
    private boolean joinAll(List<BenchClient> clients, CountDownLatch joined, Report report) throws InterruptedException {
        byte[] join = Wire.ascii("JOIN " + room + "\n");
        long joinStart = System.nanoTime();
        for (BenchClient client : clients) {
            try {
                client.write(join, 0, join.length);
            } catch (IOException e) {
                report.put("joinFailure", client.name() + ": " + e);
                return false;
            }
        }
        boolean allJoined = joined.await(target.timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        report.put("joinSeconds", (System.nanoTime() - joinStart) / 1e9).put("joined", clients.size() - joined.getCount());
        return allJoined;
    }

    /** Sends this sender's messages in large writes; paced when a rate is set. Returns when the last was written. */
    private long send(BenchClient client, long start) {
        Wire.MessageFormat format = new Wire.MessageFormat(room == null ? "MSG " : "SAY " + room + " ", size);
        byte[] buffer = new byte[SEND_BUFFER];
        int filled = 0;
        double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        try {
            for (int seq = 0; seq < messages; seq++) {
                long stamp = System.nanoTime();
                if (intervalNanos > 0) {
                    long due = start + (long) (seq * intervalNanos);
                    if (stamp < due) {
                        if (filled > 0) {
                            client.write(buffer, 0, filled);
                            filled = 0;
                        }
                        LockSupport.parkNanos(due - stamp);
                    }
                    stamp = due; // latency from the intended send time: a stalled server cannot hide its stall
                }
                if (filled + format.maxLength() > buffer.length) {
                    client.write(buffer, 0, filled);
                    filled = 0;
                }
                filled += format.formatInto(buffer, filled, seq, stamp);
            }
            if (filled > 0) {
                client.write(buffer, 0, filled);
            }
        } catch (IOException e) {
            // the server closed this sender; the missing deliveries show as lost
        }
        return System.nanoTime();
    }

    static Report failed(Report report, Fleet fleet, boolean allIn) {
        List<String> failures = fleet.failures();
        return report.put("loginFailures", failures.size())
                .put("firstFailure", failures.isEmpty() ? (allIn ? "-" : "login timeout") : failures.get(0))
                .put("complete", false).put("clean", false);
    }
}
