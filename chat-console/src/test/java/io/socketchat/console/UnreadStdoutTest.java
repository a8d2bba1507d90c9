package io.socketchat.console;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A launched {@code chat-server} whose standard output is a pipe nobody reads, as with
 * {@code chat-server | sleep 600}: far more log lines than the log queue (65,536 events) and
 * the pipe (64 KiB) hold. Chat goes on, the log drops lines and says how many once stdout is
 * read again, and SIGTERM still ends the process.
 */
class UnreadStdoutTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration FLOOD_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern DROPPED = Pattern.compile(" WARN  \\[LOG] dropped=(\\d+)$");

    @TempDir
    Path work;

    private Process server;

    @AfterEach
    void killServer() {
        if (server != null) {
            server.destroyForcibly();
        }
    }

    @Test
    void with200000MsgLinesAndStdoutUnreadBobGetsAllAPingIsAnsweredALoginWorksAndTheLogReportsDroppedAbove0()
            throws Exception {
        int port = startWithStdoutUnread();
        int lines = 200_000;
        try (TestClient bystander = awaitListening(port); // connected, not logged in: MSG lines are not for it
             TestClient bob = TestClient.login(port, "bob");
             TestClient ann = TestClient.login(port, "ann")) {
            assertThat(flood(ann, bob, lines)).as("MSG lines bob read, in order, of 200,000 sent").isEqualTo(lines);

            // the server still serves while its log is stuck (before: frozen after ~65,000 lines)
            bystander.send("PING");
            assertThat(bystander.readLine()).as("the bystander's PING after 200,000 MSG lines").isEqualTo("PONG");
            try (TestClient carol = TestClient.login(port, "carol")) { // fails unless OK
                carol.send("PING");
                assertThat(carol.readLine()).as("a newcomer after 200,000 MSG lines").isEqualTo("PONG");
            }
        }

        // stdout is read from now on: the writer writes what it kept and reports the rest
        List<String> stdout = pump(new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)));
        String report = await().atMost(START_TIMEOUT).until(() -> firstMatch(stdout, DROPPED), Objects::nonNull);
        Matcher dropped = DROPPED.matcher(report);
        assertThat(dropped.find()).isTrue();
        long count = Long.parseLong(dropped.group(1));
        List<String> read = snapshot(stdout);
        long msgWritten = read.subList(0, read.indexOf(report)).stream()
                .filter(line -> line.contains(" INFO  [MSG] from=ann bytes=")).count();
        assertThat(count).as("[LOG] dropped=N with N > 0").isPositive();
        assertThat(msgWritten).as("[MSG] lines written before the report").isPositive();
        assertThat(msgWritten + count).as("[MSG] lines written (%d) + dropped (%d) >= the 200,000 logged", msgWritten, count)
                .isGreaterThanOrEqualTo(lines);

        server.destroy(); // SIGTERM
        await().atMost(Duration.ofSeconds(10)).until(() -> !server.isAlive());
        assertThat(server.exitValue()).as("exit code after SIGTERM; stderr: %s", stderr()).isZero();
    }

    @Test
    void sigtermEndsTheServerWithinItsGraceOf1sPlus2sWhileStdoutStaysUnread() throws Exception {
        int port = startWithStdoutUnread("--shutdown-grace", "1s");
        try (TestClient bystander = awaitListening(port);
             TestClient bob = TestClient.login(port, "bob");
             TestClient ann = TestClient.login(port, "ann")) {
            int lines = 100_000; // more than the queue and the pipe hold: the log writer is stuck for good
            assertThat(flood(ann, bob, lines)).as("MSG lines bob read, of 100,000 sent").isEqualTo(lines);

            server.destroy(); // SIGTERM, stdout still unread
            // By design within the grace (1 s) plus 1.9 s; one second more for a loaded machine.
            await().atMost(Duration.ofSeconds(1 + 2 + 1)).until(() -> !server.isAlive());
        }
        assertThat(server.exitValue()).as("exit code after SIGTERM; stderr: %s", stderr()).isZero();
    }

    /** Starts the server on a free loopback port, stdout a pipe left unread, stderr a file. */
    private int startWithStdoutUnread(String... extra) throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        List<String> args = new ArrayList<>(List.of("--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--flood-rate", "0", "--no-admin-socket", "--login-timeout", "10m", "--idle-timeout", "10m"));
        args.addAll(List.of(extra));
        server = ModulePathLaunch.builder(work, Map.of(), args.toArray(String[]::new))
                .redirectOutput(ProcessBuilder.Redirect.PIPE) // not read until a test says so
                .redirectError(work.resolve("stderr.log").toFile())
                .start();
        return port;
    }

    /** The first connection that gets through once the server listens (its stdout is not read for this). */
    private TestClient awaitListening(int port) {
        return await().atMost(START_TIMEOUT).ignoreExceptions()
                .until(() -> {
                    assertThat(server.isAlive()).as("server running; stderr: %s", stderr()).isTrue();
                    return TestClient.connect(port);
                }, Objects::nonNull);
    }

    /**
     * {@code ann} sends {@code count} MSG lines as fast as the server takes them, then a PING
     * (its PONG means every MSG has been handled, and logged or dropped); returns how many of
     * them {@code bob} read, each checked in order.
     */
    private static int flood(TestClient ann, TestClient bob, int count) throws Exception {
        Executor threads = task -> Thread.ofVirtual().start(task); // nothing waits for them on a failure
        AtomicInteger read = new AtomicInteger();
        CompletableFuture<Integer> received = CompletableFuture.supplyAsync(() -> {
            while (read.get() < count) {
                String line = bob.readLine();
                if (!line.equals("MSG ann m" + read.get())) {
                    throw new AssertionError("bob read " + line + " after " + read.get() + " MSG lines");
                }
                read.incrementAndGet();
            }
            return read.get();
        }, threads);
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            StringBuilder all = new StringBuilder(count * 16);
            for (int i = 0; i < count; i++) {
                all.append("MSG m").append(i).append('\n');
            }
            ann.sendRaw(all.toString().getBytes(StandardCharsets.UTF_8));
            ann.send("PING");
            assertThat(ann.readLine()).isEqualTo("PONG");
        }, threads);
        try {
            sent.get(FLOOD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return received.get(FLOOD_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("the server stopped serving: bob read " + read.get() + " of " + count
                    + " MSG lines", e);
        }
    }

    /** Reads the stream to its end on a virtual thread; the lines so far (copy under its lock). */
    private static List<String> pump(BufferedReader reader) {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread.ofVirtual().start(() -> {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        return lines;
    }

    private static List<String> snapshot(List<String> lines) {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    private static String firstMatch(List<String> lines, Pattern pattern) {
        return snapshot(lines).stream().filter(line -> pattern.matcher(line).find()).findFirst().orElse(null);
    }

    private String stderr() throws IOException {
        Path file = work.resolve("stderr.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }
}
