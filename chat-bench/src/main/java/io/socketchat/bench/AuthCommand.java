package io.socketchat.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code auth}: password logins. Measures a lone {@code AUTH} (about one Argon2id hash plus a
 * round trip), the answer time of a wrong password against an unknown name (they should be
 * the same), {@code AUTH} logins per second from {@code --clients} loops, and the DM round trip
 * of two bystanders without and during that storm. The server needs accounts on (a data
 * directory) and its failure throttle out of the way: {@code --auth-failures 1000000}.
 */
@Command(name = "auth", mixinStandardHelpOptions = true,
        description = "AUTH logins/s, one AUTH alone, unknown-name vs wrong-password timing, and bystander DM p99"
                + " with and without an AUTH storm. Start the server with --auth-failures 1000000.")
final class AuthCommand implements Callable<Integer> {

    private static final String PASSWORD = "bench-password-1";

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4000", description = "Server port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-c", "--clients"}, defaultValue = "32", description = "AUTH loops in the storm, one account each (default ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = DurationConverter.class,
            description = "Length of the storm, and of the bystanders' baseline (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--samples", defaultValue = "40", description = "AUTHs per timing probe (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    /** One blocking line connection. */
    private static final class Line implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Line(String host, int port) throws IOException {
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(120_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
        }

        String ask(String line) throws IOException {
            send(line);
            return read();
        }

        void send(String line) throws IOException {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** The next line that is not a notice (the storm's sessions leave all the time: INFO ... disconnected). */
        String read() throws IOException {
            while (true) {
                String line = in.readLine();
                if (line == null) {
                    throw new IOException("closed by the server");
                }
                if (!line.startsWith("INFO ")) {
                    return line;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Override
    public Integer call() throws Exception {
        Report report = new Report("auth").put("clients", clients).put("durationSeconds", duration.toMillis() / 1000.0);
        for (int i = 0; i < clients; i++) {
            ensureAccount("authbench" + i);
        }
        Latency alone = new Latency();
        Latency wrong = new Latency();
        Latency unknown = new Latency();
        for (int i = 0; i < samples; i++) {
            try (Line line = new Line(host, port)) {
                long started = System.nanoTime();
                expect(line.ask("AUTH authbench0 " + PASSWORD), "OK");
                alone.recordNanos(System.nanoTime() - started);
            }
        }
        try (Line line = new Line(host, port)) {
            for (int i = 0; i < samples; i++) { // interleaved, so drift on a noisy machine hits both alike
                long started = System.nanoTime();
                expect(line.ask("AUTH authbench0 wrong-password-" + i), "ERR bad-credentials");
                wrong.recordNanos(System.nanoTime() - started);
                started = System.nanoTime();
                expect(line.ask("AUTH nosuchaccount" + i + " " + PASSWORD), "ERR bad-credentials");
                unknown.recordNanos(System.nanoTime() - started);
            }
        }
        alone.report(report, "authAlone");
        wrong.report(report, "wrongPassword");
        unknown.report(report, "unknownName");
        report.put("unknownOverWrongP50", unknown.percentileMillis(50) / wrong.percentileMillis(50));

        Latency quiet = bystanders(duration, null);
        quiet.report(report, "bystanderQuiet");
        AtomicLong logins = new AtomicLong();
        AtomicLong busy = new AtomicLong();
        AtomicLong taken = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> storm = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String name = "authbench" + i;
            storm.add(Thread.ofVirtual().start(() -> stormLoop(name, stop, logins, busy, taken)));
        }
        long started = System.nanoTime();
        Latency during = bystanders(duration, stop);
        double seconds = (System.nanoTime() - started) / 1e9;
        for (Thread thread : storm) {
            thread.join();
        }
        during.report(report, "bystanderStorm");
        report.put("logins", logins.get()).put("loginsPerSec", Math.round(logins.get() / seconds))
                .put("busy", busy.get()).put("takenRetries", taken.get())
                .put("bystanderP99Ratio", during.percentileMillis(99) / quiet.percentileMillis(99));
        report.print(System.out, json);
        return 0;
    }

    private void ensureAccount(String name) throws IOException {
        try (Line line = new Line(host, port)) {
            String login = line.ask("LOGIN " + name);
            if (login.equals("ERR name-registered")) {
                return;
            }
            expect(login, "OK");
            expect(line.ask("REGISTER " + PASSWORD), "OK");
        }
    }

    private void stormLoop(String name, AtomicBoolean stop, AtomicLong logins, AtomicLong busy, AtomicLong taken) {
        while (!stop.get()) {
            try (Line line = new Line(host, port)) {
                String answer = line.ask("AUTH " + name + " " + PASSWORD);
                switch (answer) {
                    case "OK" -> logins.incrementAndGet();
                    case "ERR server-busy" -> busy.incrementAndGet();
                    case "ERR username-taken" -> taken.incrementAndGet(); // the last session's leave not seen yet
                    default -> throw new IllegalStateException("AUTH " + name + ": " + answer);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Two guests bounce a DM for {@code length}; then {@code stop} (if any) is set. */
    private Latency bystanders(Duration length, AtomicBoolean stop) throws IOException {
        Latency latency = new Latency();
        String suffix = Long.toString(System.nanoTime() % 100_000);
        try (Line a = new Line(host, port); Line b = new Line(host, port)) {
            expect(a.ask("LOGIN by-a" + suffix), "OK");
            expect(b.ask("LOGIN by-b" + suffix), "OK");
            long deadline = System.nanoTime() + length.toNanos();
            long n = 0;
            while (System.nanoTime() < deadline) {
                long started = System.nanoTime();
                a.send("DM by-b" + suffix + " " + n);
                expect(b.read(), "DM by-a" + suffix + " " + n);
                b.send("DM by-a" + suffix + " " + n);
                expect(a.read(), "DM by-b" + suffix + " " + n);
                latency.recordNanos(System.nanoTime() - started);
                n++;
            }
        } finally {
            if (stop != null) {
                stop.set(true);
            }
        }
        return latency;
    }

    private static void expect(String got, String wanted) {
        if (!got.equals(wanted)) {
            throw new IllegalStateException("expected '" + wanted + "', got '" + got + "'");
        }
    }
}
