package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM to a real server process whose clients have megabytes waiting for them. */
class ShutdownBoundTest {

    private static final Pattern STARTED = Pattern.compile(".*\\[START] .* port=(\\d+) .*");

    @TempDir
    Path work;

    @Test
    void sigtermWithA1sGraceAnd8MiBUnreadFor10ClientsExitsWithin3sAndEachReadsTheNoticeLast() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(), "--bind", "127.0.0.1", "--port", "0",
                "--shutdown-grace", "1s", "--send-queue", "16MiB", "--flood-rate", "0")) {
            Matcher started = STARTED.matcher(server.awaitOutput(line -> STARTED.matcher(line).matches()));
            assertThat(started.matches()).isTrue();
            int port = Integer.parseInt(started.group(1));
            List<Socket> readers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                readers.add(loggedIn(port, "reader" + i));
            }
            try (TestClient talker = TestClient.login(port, "talker")) {
                String text = "q".repeat(8 * 1024);
                for (int i = 0; i < 1_024; i++) { // 8 MiB to each reader, who reads nothing yet
                    talker.send("MSG " + text);
                }
                assertThat(talker.drain()).as("the talker's own queue").isEmpty(); // every line was handled

                long signalled = System.nanoTime();
                server.terminate();
                // The readers start reading now: some of what waits for them cannot arrive within the grace.
                List<CompletableFuture<String>> lastLines = new ArrayList<>();
                for (Socket reader : readers) {
                    lastLines.add(CompletableFuture.supplyAsync(() -> lastLine(reader), task -> Thread.ofVirtual().start(task)));
                }
                int exit = server.awaitExit();
                Duration took = Duration.ofNanos(System.nanoTime() - signalled);

                assertThat(took).as("SIGTERM to exit with --shutdown-grace 1s (by design within 2.9 s; 1 s more for a loaded machine)")
                        .isLessThan(Duration.ofSeconds(4));
                assertThat(exit).isZero();
                for (CompletableFuture<String> last : lastLines) {
                    assertThat(last.join()).as("the last line before EOF").isEqualTo("INFO server shutting down");
                }
            }
        }
    }

    private static Socket loggedIn(int port, String name) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096); // the data waits in the server, not in this kernel buffer
        socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("LOGIN " + name + "\n").getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(socket.getInputStream().readNBytes(3), StandardCharsets.US_ASCII)).isEqualTo("OK\n");
        return socket;
    }

    /** What was received up to EOF, after the process has exited: its last complete line. */
    private static String lastLine(Socket socket) {
        InputStream in;
        try {
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        byte[] buffer = new byte[64 * 1024];
        StringBuilder tail = new StringBuilder();
        int read;
        try {
            while ((read = in.read(buffer)) > 0) {
                tail.append(new String(buffer, 0, read, StandardCharsets.US_ASCII));
                if (tail.length() > 64 * 1024) {
                    tail.delete(0, tail.length() - 32 * 1024);
                }
            }
        } catch (IOException e) {
            // a reset after the data also ends it: judge what arrived
        }
        String text = tail.toString();
        assertThat(text).as("the stream ends with a whole line").endsWith("\n");
        String[] lines = text.split("\n");
        return lines[lines.length - 1];
    }
}
