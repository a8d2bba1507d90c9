package io.socketchat.console;

import io.socketchat.testkit.TestClient;
import io.socketchat.testkit.TestPlugins;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged distribution running out of memory ends with a non-zero exit status and says so
 * on its last line, instead of living on without answering: what a supervisor needs to restart it.
 * A plugin command ({@link TestPlugins#hog}) exhausts a small heap on purpose.
 */
class OutOfMemoryIT {

    private static final Pattern STARTED = Pattern.compile("\\[START] .*\\bport=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
    /** What the JVM exits with under -XX:+ExitOnOutOfMemoryError. */
    private static final int JVM_OUT_OF_MEMORY_STATUS = 3;

    /**
     * A 64 MB heap; the young generation smaller than the launcher's 128 MB, so the old one holds
     * the AOT cache's objects (else the JVM refuses to start: "Unable to use AOT cache").
     */
    private static final String SMALL_HEAP = "-Xmx64m -Xmn16m";

    @TempDir
    Path work;

    private Process launch(String javaOpts) throws IOException {
        Path plugins = work.resolve("plugins");
        Files.createDirectories(plugins);
        TestPlugins.againstBootLayer(work.resolve("scratch")).hog(plugins);
        Path launcher = Path.of(System.getProperty("dist.dir", "target/chat-server"), "bin", "chat-server");
        assertThat(launcher).as("run 'package' first").isExecutable();
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(),
                "--port", "0", "--bind", "127.0.0.1", "--plugins", plugins.toString())
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHAT_") || name.equals("PORT"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CHAT_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("CHAT_NO_HTTP", "true"); // tests never bind the default HTTP port
        builder.environment().put("JAVA_OPTS", javaOpts);
        return builder.start();
    }

    private String stdout() throws IOException {
        return Files.readString(work.resolve("stdout.log"), StandardCharsets.UTF_8);
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("stderr.log"), StandardCharsets.UTF_8);
    }

    private int startedPort(Process server) throws IOException {
        return await().atMost(START_TIMEOUT).until(() -> {
            Matcher matcher = STARTED.matcher(stdout());
            if (matcher.find()) {
                return Integer.valueOf(matcher.group(1));
            }
            if (!server.isAlive()) {
                throw new AssertionError("exited with " + server.exitValue() + " before listening; stdout "
                        + stdout() + " stderr " + stderr());
            }
            return null;
        }, Objects::nonNull);
    }

    private static List<String> lines(String text) {
        return text.lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void theLauncherEndsTheJvmAtTheFirstOutOfMemoryErrorWithStatusThree() throws Exception {
        Process server = launch(SMALL_HEAP);
        try {
            int port = startedPort(server);
            // bin/chat-server execs the JVM: this process is the JVM, with the launcher's options.
            assertThat(server.info().arguments()).hasValueSatisfying(arguments ->
                    assertThat(arguments).contains("-XX:+ExitOnOutOfMemoryError", "-Xmx64m"));

            try (TestClient hog = TestClient.login(port, "hog")) {
                hog.send("HOG");
                assertThat(server.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("the server exited").isTrue();
                assertThat(hog.readUntilClosed()).as("no answer: the JVM ended at the allocation").isEmpty();
            }
            assertThat(server.exitValue()).as("exit status; stderr: %s", stderr()).isEqualTo(JVM_OUT_OF_MEMORY_STATUS);
            assertThat(lines(stdout())).last().isEqualTo("Terminating due to java.lang.OutOfMemoryError: Java heap space");
            assertThat(stdout()).doesNotContain("[SHUTDOWN]", "[DISCONNECT]", "[FATAL]");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void withoutExitOnOutOfMemoryErrorAnIoLoopOutOfMemoryStillEndsTheProcessWithStatusSeventy() throws Exception {
        // An operator may turn the JVM option off; the server's own check then ends the process
        // once an I/O loop thread dies of the exhausted heap.
        Process server = launch(SMALL_HEAP + " -XX:-ExitOnOutOfMemoryError");
        try {
            int port = startedPort(server);
            try (TestClient hog = TestClient.login(port, "hog")) {
                hog.send("HOG hold"); // keeps the whole heap: every thread's next allocation fails
                // Any work for the I/O loops now needs memory: connecting clients and their lines.
                await().atMost(EXIT_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
                    try (TestClient other = TestClient.connect(port)) {
                        other.send("PING");
                    } catch (RuntimeException ignored) {
                        // refused or reset: the server is going
                    }
                    return !server.isAlive();
                });
            }
            assertThat(server.exitValue()).as("exit status; stderr: %s", stderr()).isEqualTo(70);
            // Straight on stderr, its last line. (Another thread dying of the same exhaustion may
            // have left half a line before it.) The log's copy is not asserted: with the heap held
            // full to the end, the log itself may find no memory to write it.
            assertThat(lines(stderr())).last().asString()
                    .contains("[FATAL] reason=io-loop-dead thread=chat-io-", " cause=java.lang.OutOfMemoryError");
            assertThat(stdout()).doesNotContain("[SHUTDOWN]");
        } finally {
            server.destroyForcibly();
        }
    }
}
