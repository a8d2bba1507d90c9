package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code join}: how long a {@code JOIN} takes to answer with a room's history. A seeder joins
 * the room and says {@code --history} messages (then reads them back with {@code HISTORY}, so
 * they are committed); then C clients join one after another, each timed from its
 * {@code JOIN} to its {@code END HISTORY #room}; then all part; {@code --rounds} times. Joining
 * one at a time measures the answer, not a queue of joins; the room holds from 1 to C + 1
 * members meanwhile, so every join also sends its notice to the members already there.
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = "C clients JOIN a room with history one after another (then PART), for several rounds. "
                + "Reports the time from JOIN to END HISTORY: p50, p99, max, and the HIST lines each join got.")
final class JoinCommand implements Callable<Integer> {

    @Mixin
    Target target;

    @Option(names = "--room", defaultValue = "#join", paramLabel = "#ROOM", description = "Room (default ${DEFAULT-VALUE}).")
    String room;

    @Option(names = {"-c", "--clients"}, defaultValue = "100", description = "Joining clients (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--rounds", defaultValue = "5", description = "Times every client joins (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--history", defaultValue = "20",
            description = "Messages the seeder says first (default ${DEFAULT-VALUE}, the server's --history-on-join).")
    int history;

    @Option(names = "--size", defaultValue = "100", description = "Bytes per seeded message line (default ${DEFAULT-VALUE}).")
    int size;

    /**
     * What a room client reads: releases {@code listed} at the end of each JOIN or HISTORY answer
     * (both end with {@code END HISTORY #room}) and {@code parted} at each {@code OK} after a
     * PART; counts the HIST lines of the answer. An ERR releases both too (its waiter then
     * reports it rather than waiting for the timeout). Runs on the client's selector thread.
     */
    private static final class Member implements LineReader.Handler {
        private static final byte[] HIST = Wire.ascii("HIST ");
        private static final byte[] OK = Wire.ascii("OK");
        private static final byte[] ERR = Wire.ascii("ERR");
        private final byte[] end;
        final Semaphore listed = new Semaphore(0);
        final Semaphore parted = new Semaphore(0);
        volatile boolean parting;
        volatile long endNanos;
        volatile int histLines;
        volatile int errors;
        volatile String lastError;
        private int counting;

        Member(String room) {
            end = Wire.ascii("END HISTORY " + room);
        }

        @Override
        public boolean line(byte[] bytes, int offset, int length) {
            if (Wire.startsWith(bytes, offset, length, HIST)) {
                counting++;
            } else if (Wire.equals(bytes, offset, length, end)) {
                endNanos = System.nanoTime();
                histLines = counting;
                counting = 0;
                listed.release();
            } else if (parting && Wire.equals(bytes, offset, length, OK)) {
                parting = false;
                parted.release();
            } else if (Wire.startsWith(bytes, offset, length, ERR)) {
                lastError = new String(bytes, offset, length, java.nio.charset.StandardCharsets.UTF_8);
                errors++;
                listed.release();
                parted.release();
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
        Fleet fleet = target.fleet(32 * 1024);
        Report report = new Report("join").put("room", room).put("clients", clients).put("rounds", rounds)
                .put("history", history);
        fleet.expectLogins(clients + 1);
        Member seederMember = new Member(room);
        BenchClient seeder = fleet.add(target.name("seed", 0), seederMember);
        List<Member> members = new ArrayList<>(clients);
        List<BenchClient> joiners = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            Member member = new Member(room);
            members.add(member);
            joiners.add(fleet.add(target.name("j", i), member));
        }
        boolean allIn = fleet.awaitLogins(target.timeout.toNanos());
        if (!allIn || !fleet.failures().isEmpty()) {
            fleet.closeAll();
            return FanoutCommand.failed(report, fleet, allIn);
        }
        long deadline = System.nanoTime() + target.timeout.toNanos();
        Latency latency = new Latency();
        int fewest = Integer.MAX_VALUE;
        int most = 0;
        String failure = null;
        try {
            failure = seed(seeder, seederMember, deadline);
            for (int round = 0; failure == null && round < rounds; round++) {
                for (int i = 0; failure == null && i < clients; i++) {
                    Member member = members.get(i);
                    long sent = System.nanoTime();
                    write(joiners.get(i), "JOIN " + room);
                    if (!member.listed.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS) || member.errors > 0) {
                        failure = joiners.get(i).name() + ": no END HISTORY " + room + errorOf(member);
                        break;
                    }
                    latency.recordNanos(member.endNanos - sent);
                    fewest = Math.min(fewest, member.histLines);
                    most = Math.max(most, member.histLines);
                }
                for (int i = 0; failure == null && i < clients; i++) {
                    members.get(i).parting = true;
                    write(joiners.get(i), "PART " + room);
                }
                for (int i = 0; failure == null && i < clients; i++) {
                    if (!members.get(i).parted.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)
                            || members.get(i).errors > 0) {
                        failure = joiners.get(i).name() + ": PART not answered" + errorOf(members.get(i));
                    }
                }
            }
        } catch (IOException e) {
            failure = e.toString();
        }
        fleet.closeAll();
        int errors = seederMember.errors + members.stream().mapToInt(m -> m.errors).sum();
        report.put("joins", latency.count())
                .put("histLinesMin", latency.count() > 0 ? fewest : 0).put("histLinesMax", most)
                .put("errors", errors)
                .put("disconnected", fleet.unexpectedEnds());
        latency.report(report, "joinToEndHistory");
        if (failure != null) {
            report.put("failure", failure);
        }
        report.put("clean", failure == null && errors == 0 && fleet.unexpectedEnds() == 0
                && latency.count() == (long) clients * rounds);
        return report;
    }

    /** The seeder joins and says the history; reading it back with HISTORY waits for its commit. */
    private String seed(BenchClient seeder, Member member, long deadline) throws IOException, InterruptedException {
        write(seeder, "JOIN " + room);
        if (!member.listed.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS) || member.errors > 0) {
            return "seeder: no END HISTORY " + room + errorOf(member);
        }
        Wire.MessageFormat format = new Wire.MessageFormat("SAY " + room + " ", size);
        for (int seq = 0; seq < history; seq++) {
            int length = format.format(seq, System.nanoTime());
            seeder.write(format.buffer(), 0, length);
        }
        write(seeder, "HISTORY " + room + " " + Math.max(1, history));
        if (!member.listed.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS) || member.errors > 0) {
            return "seeder: HISTORY not answered" + errorOf(member);
        }
        return null;
    }

    private static String errorOf(Member member) {
        return member.lastError == null ? "" : " (last: " + member.lastError + ")";
    }

    private static void write(BenchClient client, String line) throws IOException {
        byte[] bytes = Wire.ascii(line + "\n");
        client.write(bytes, 0, bytes.length);
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }
}
