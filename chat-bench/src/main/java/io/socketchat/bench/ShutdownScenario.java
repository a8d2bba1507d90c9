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

/**
 * {@code shutdown}: slow readers with megabytes queued for each at the server, then SIGTERM.
 * Meant for a server started with {@code --send-queue 16MiB --shutdown-grace 1s}.
 */
@Command(name = "shutdown", mixinStandardHelpOptions = true,
        description = "Slow readers log in; bulk senders broadcast about --backlog bytes, which waits in the server's "
                + "queue of each slow reader; then SIGTERM to the server. Reports the time to exit and which readers "
                + "read 'INFO server shutting down' before their end of stream.")
final class ShutdownScenario extends OverloadScenario {

    @Option(names = "--slow-readers", defaultValue = "100", paramLabel = "N",
            description = "Slow readers (default ${DEFAULT-VALUE}).")
    int slowReaders;

    @Option(names = "--backlog", defaultValue = "8000000", paramLabel = "BYTES",
            description = "Bytes broadcast to every slow reader before the SIGTERM (default ${DEFAULT-VALUE}).")
    long backlog;

    @Option(names = "--line-size", defaultValue = "60000", paramLabel = "BYTES",
            description = "Bytes per broadcast line; under the server's --max-line (default ${DEFAULT-VALUE}).")
    int lineSize;

    @Option(names = "--lines-per-sender", defaultValue = "30", paramLabel = "N",
            description = "Lines each bulk sender sends at once; keep it under the server's --flood-burst "
                    + "(default ${DEFAULT-VALUE}).")
    int linesPerSender;

    @Option(names = "--slow-read-rate", defaultValue = "65536", paramLabel = "BYTES_PER_S",
            description = "What each slow reader reads per second while the server runs (default ${DEFAULT-VALUE}).")
    int slowReadRate;

    @Option(names = "--receive-buffer", defaultValue = "32768", paramLabel = "BYTES",
            description = "SO_RCVBUF of a slow reader, so the backlog waits at the server, not in the kernel "
                    + "(default ${DEFAULT-VALUE}).")
    int receiveBuffer;

    @Option(names = "--settle", defaultValue = "2s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between the backlog sent and the SIGTERM (default ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--exit-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Longest wait for the server to exit (default ${DEFAULT-VALUE}).")
    Duration exitTimeout;

    @Option(names = "--eof-wait", defaultValue = "5s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "After the exit, how long the readers may read what the kernel still holds (default ${DEFAULT-VALUE}).")
    Duration eofWait;

    /** When the server's process was seen gone (0 while it runs): the slow readers then read fast. */
    private volatile long serverGoneAt;

    /** How the server is ended; by default SIGTERM to --server-pid (tests end an in-process server). */
    ServerControl control;

    private static final byte[] NOTICE = Wire.ascii(OverloadRun.SHUTDOWN_NOTICE);

    /** One slow reader's view: did the notice come before the end of its stream. */
    private static final class SlowReader {
        final LineClient client;
        volatile boolean sawNotice;
        volatile boolean eof;
        volatile long bytesRead;
        final LineReader.Handler lines = (bytes, offset, length) -> {
            if (Wire.equals(bytes, offset, length, NOTICE)) {
                sawNotice = true;
            }
            return true;
        };

        SlowReader(LineClient client) {
            this.client = client;
        }
    }

    @Override
    String name() {
        return "shutdown";
    }

    @Override
    Report drive(OverloadRun run) throws Exception {
        long lines = Math.max(1, (backlog + lineSize - 1) / lineSize);
        int perSender = Math.max(1, linesPerSender);
        int senders = (int) ((lines + perSender - 1) / perSender);
        Report report = run.report().put("slowReaders", slowReaders).put("backlogBytes", backlog)
                .put("lineSize", lineSize).put("bulkSenders", senders);
        run.begin(0, 0);
        List<LineClient> readerClients = loginBlocking(run, "slowReaders", "l", slowReaders, receiveBuffer,
                128 * 1024);
        List<LineClient> senderClients = List.of();
        List<Thread> threads = new ArrayList<>();
        try {
            senderClients = loginBlocking(run, "bulkSenders", "k", senders, 0, 4096);
            List<SlowReader> slow = new ArrayList<>();
            long stopAt = System.nanoTime() + target.timeout.toNanos() + exitTimeout.toNanos();
            for (LineClient client : readerClients) {
                SlowReader reader = new SlowReader(client);
                slow.add(reader);
                threads.add(Thread.ofVirtual().start(() -> read(reader, stopAt)));
            }
            run.phaseStarts();
            long bulkStart = System.nanoTime();
            List<Thread> bulk = new ArrayList<>();
            LongAdder bulkSent = new LongAdder();
            for (int s = 0; s < senders; s++) {
                LineClient sender = senderClients.get(s);
                long count = Math.min(perSender, lines - (long) s * perSender);
                bulk.add(Thread.ofVirtual().start(() -> sendBulk(sender, count, bulkSent)));
            }
            OverloadRun.joinAll(bulk, System.nanoTime() + target.timeout.toNanos());
            report.put("bulkLinesSent", bulkSent.sum()).put("bulkSeconds", (System.nanoTime() - bulkStart) / 1e9);
            OverloadRun.sleepUntil(System.nanoTime() + settle.toNanos());

            run.settle(); // the stream and the PINGs end before the SIGTERM
            run.expectShutdown();
            ServerControl server = control != null ? control : ServerControl.ofPid(run.pid());
            long term = System.nanoTime();
            server.terminate();
            boolean exited = server.awaitExit(exitTimeout);
            long exitNanos = System.nanoTime() - term;
            serverGoneAt = System.nanoTime();
            report.put("exitMs", exited ? exitNanos / 1e6 : (Object) ("did not exit within " + exitTimeout.toMillis() + " ms"));
            // The readers now read what the kernel still holds, as fast as it comes, to their end of stream.
            long eofDeadline = System.nanoTime() + eofWait.toNanos();
            while (System.nanoTime() - eofDeadline < 0 && slow.stream().anyMatch(r -> !r.eof)) {
                Thread.sleep(20);
            }
            long saw = slow.stream().filter(r -> r.sawNotice).count();
            long eofWithout = slow.stream().filter(r -> r.eof && !r.sawNotice).count();
            long noEof = slow.stream().filter(r -> !r.eof).count();
            report.put("slowReadersSawNotice", saw).put("slowReadersEofWithoutNotice", eofWithout)
                    .put("slowReadersNoEof", noEof)
                    .put("slowReaderReadMib", OverloadRun.mib(
                            slow.stream().mapToLong(r -> r.bytesRead).sum() / Math.max(1, slow.size()) / 1024))
                    .put("bystanderSawNotice", run.bystander().sawShutdownNotice());
            run.target("exit", exited);
            run.target("notice", saw == slowReaders);
            return run.conclude();
        } finally {
            senderClients.forEach(LineClient::close);
            readerClients.forEach(LineClient::close);
            OverloadRun.joinAll(threads, System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
        }
    }

    private void sendBulk(LineClient sender, long count, LongAdder sent) {
        Wire.MessageFormat format = new Wire.MessageFormat("MSG ", lineSize);
        try {
            for (long seq = 0; seq < count; seq++) {
                int length = format.format(seq, System.nanoTime());
                sender.write(format.buffer(), 0, length);
                sent.increment();
            }
        } catch (IOException e) {
            // cut: its tail says why
        }
    }

    /** Reads slowly while the server runs, then fast once it exited, up to the end of stream or {@code stopAt}. */
    private void read(SlowReader reader, long stopAt) {
        int slice = Math.max(1, slowReadRate / 10);
        long tick = TimeUnit.MILLISECONDS.toNanos(100);
        try {
            reader.client.readTimeout(Duration.ofMillis(100));
            long next = System.nanoTime();
            while (System.nanoTime() - stopAt < 0) {
                long gone = serverGoneAt;
                if (gone != 0) {
                    if (System.nanoTime() - gone > eofWait.toNanos()) {
                        return;
                    }
                    try {
                        int read = reader.client.readSome(1 << 20, reader.lines);
                        if (read < 0) {
                            reader.eof = true;
                            return;
                        }
                        reader.bytesRead += read;
                    } catch (SocketTimeoutException e) {
                        // nothing yet: look again
                    }
                    continue;
                }
                int budget = slice;
                long sliceEnd = next + tick;
                while (budget > 0 && System.nanoTime() - sliceEnd < 0 && serverGoneAt == 0) {
                    int read;
                    try {
                        read = reader.client.readSome(budget, reader.lines);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    if (read < 0) {
                        reader.eof = true;
                        return;
                    }
                    budget -= read;
                    reader.bytesRead += read;
                }
                next = sliceEnd;
                long wait = next - System.nanoTime();
                if (wait > 0 && serverGoneAt == 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        } catch (IOException e) {
            reader.eof = true; // a reset ends the stream too
        }
    }
}
