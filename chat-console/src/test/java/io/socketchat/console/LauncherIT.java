package io.socketchat.console;

import io.socketchat.testkit.TestClient;
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
 * The packaged distribution, as users run it: {@code bin/chat-server} starts the server on the
 * module path, it chats, and SIGTERM shuts it down gracefully with exit code 0.
 */
class LauncherIT {

    private static final Pattern STARTED = Pattern.compile("\\[START] .*\\bport=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private static Path launcher() {
        Path launcher = Path.of(System.getProperty("dist.dir", "target/chat-server"), "bin", "chat-server");
        assertThat(launcher).as("run 'package' first").isExecutable();
        return launcher;
    }

    /** Runs the launcher with a clean CHAT_ environment and the JDK running this test. */
    private ProcessBuilder launcherProcess(String... args) {
        return launcherProcess(launcher(), args);
    }

    private ProcessBuilder launcherProcess(Path launcher, String... args) {
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(work.resolve("stdout.log").toFile())
                .redirectError(work.resolve("stderr.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHAT_") || name.equals("PORT"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("CHAT_DATA_DIR", work.resolve("data").toString());
        builder.environment().put("CHAT_NO_HTTP", "true"); // tests never bind the default HTTP port
        return builder;
    }

    private String stdout() throws IOException {
        return Files.readString(work.resolve("stdout.log"), StandardCharsets.UTF_8);
    }

    private String stderr() throws IOException {
        return Files.readString(work.resolve("stderr.log"), StandardCharsets.UTF_8);
    }

    private Integer startedPort() throws IOException {
        Matcher matcher = STARTED.matcher(stdout());
        return matcher.find() ? Integer.valueOf(matcher.group(1)) : null;
    }

    @Test
    void theLauncherServesClientsAndSigtermShutsDownGracefully() throws Exception {
        Process server = launcherProcess("--port", "0", "--bind", "127.0.0.1").start();
        try {
            int port = await().atMost(START_TIMEOUT).until(this::startedPort, Objects::nonNull);
            try (TestClient ann = TestClient.login(port, "ann");
                 TestClient bob = TestClient.login(port, "bob")) {
                ann.send("MSG hello from ann");
                assertThat(bob.readLine()).isEqualTo("MSG ann hello from ann");
                bob.send("DM ann hi back");
                assertThat(ann.readLine()).isEqualTo("DM bob hi back");
                ann.send("WHO");
                assertThat(ann.readUntil("USER bob")).containsExactly("USER ann", "USER bob");

                server.destroy(); // SIGTERM
                assertThat(ann.readUntilClosed()).containsExactly("INFO server shutting down");
                ann.close();
                assertThat(bob.readUntilClosed()).containsExactly("INFO server shutting down");
            }
            assertThat(server.waitFor(20, TimeUnit.SECONDS)).as("the server exited").isTrue();
            assertThat(server.exitValue()).as("exit code; stderr: %s", stderr()).isZero();
            // One line per event, as the issue lists them.
            assertThat(stdout()).contains("[CONNECT] remote=127.0.0.1:", "[LOGIN] user=ann",
                    "[MSG] from=ann bytes=14\n", "[DM] from=bob to=ann bytes=7\n",
                    "[DISCONNECT] user=ann", "[DISCONNECT] user=bob", "[SHUTDOWN] stage=done");
            // what people write stays out of the log without --log-text
            assertThat(stdout()).doesNotContain("hello from ann", "hi back", "text=");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void anInvalidOptionExitsTwoWithOneLine() throws Exception {
        Process process = launcherProcess("--port", "seventy").start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr().lines().toList()).singleElement().asString().contains("--port", "seventy");
    }

    @Test
    void anInvalidVariableExitsTwoNamingIt() throws Exception {
        ProcessBuilder builder = launcherProcess();
        builder.environment().put("CHAT_IDLE_TIMEOUT", "forever");
        Process process = builder.start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(stderr().lines().toList()).singleElement().asString().contains("CHAT_IDLE_TIMEOUT", "forever");
    }

    @Test
    void aPortInUseExitsOneSayingSo() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            Process process = launcherProcess("--port", port, "--bind", "127.0.0.1").start();
            assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(stderr()).contains("cannot listen on 127.0.0.1:" + port);
        }
    }

    @Test
    void theLauncherUsesTheAotCacheThePackageStepBuilt() throws Exception {
        Path cache = launcher().getParent().getParent().resolve("aot").resolve("chat-server.aot");
        if (Runtime.version().feature() < 25) {
            assertThat(cache).as("no AOT cache is trained before JDK 25").doesNotExist();
            return;
        }
        assertThat(cache).exists();
        // The launcher silences the cache's messages; options in JAVA_OPTS come last and win.
        // A cache trained with other JVM options (collector, module options) is refused at
        // start with an [error][aot] line, and start-up loses the speed-up without a word.
        ProcessBuilder builder = launcherProcess("--version");
        builder.environment().put("JAVA_OPTS", "-Xlog:aot=info,cds=info");
        Process process = builder.start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout()).contains("Opened AOT cache").doesNotContain("[error]");
    }

    @Test
    void aMovedDistributionSaysItsCacheIsStaleAndRebuildsItWhenAsked() throws Exception {
        if (Runtime.version().feature() < 25) {
            return; // no AOT cache before JDK 25
        }
        // The JVM accepts the cache only with the module path it was built with: a copy
        // elsewhere (an install into /opt) starts without it, about twice as slowly.
        Path moved = work.resolve("installed");
        copyTree(launcher().getParent().getParent(), moved);
        Path movedLauncher = moved.resolve("bin").resolve("chat-server");

        ProcessBuilder stale = launcherProcess(movedLauncher, "--version");
        stale.environment().put("JAVA_OPTS", "-Xlog:aot=info,cds=info");
        Process process = stale.start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderr()).contains("starting without it", movedLauncher + " --build-aot-cache");
        assertThat(stdout()).doesNotContain("Opened AOT cache");

        Process build = launcherProcess(movedLauncher, "--build-aot-cache").start();
        assertThat(build.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(build.exitValue()).as(stderr()).isZero();
        assertThat(stdout()).contains("AOT cache built: " + moved.resolve("aot").resolve("chat-server.aot"));

        ProcessBuilder rebuilt = launcherProcess(movedLauncher, "--version");
        rebuilt.environment().put("JAVA_OPTS", "-Xlog:aot=info,cds=info");
        process = rebuilt.start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stderr()).isEmpty();
        assertThat(stdout()).contains("Opened AOT cache").doesNotContain("[error]");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    @Test
    void versionRunsOnTheModulePathAndExitsZero() throws Exception {
        Process process = launcherProcess("--version").start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(stdout()).startsWith("chat-server 0.1.0").contains("JVM: ");
        // Built from a git checkout (as here and in CI) it names the commit; from a tarball, "unknown".
        // (.git is a directory in a clone, a file in a linked worktree.)
        String commit = Files.exists(Path.of("..", ".git")) ? "[0-9a-f]{10}(\\+changes)?" : "unknown";
        assertThat(stdout().lines().findFirst().orElseThrow()).matches("chat-server 0\\.1\\.0 \\(commit " + commit + "\\)");
    }

    @Test
    void aSymbolicLinkToTheLauncherStartsTheDistributionItPointsTo() throws Exception {
        Path link = work.resolve("links").resolve("chat-server");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, launcher().toAbsolutePath());
        Process process = launcherProcess(link, "--version").start();
        assertThat(process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit code; stderr: %s", stderr()).isZero();
        assertThat(stdout()).startsWith("chat-server 0.1.0");
    }
}
