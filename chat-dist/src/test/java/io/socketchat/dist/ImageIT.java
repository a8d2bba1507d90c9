package io.socketchat.dist;

import io.socketchat.testkit.RedisServer;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tarball unpacked somewhere else than where it was built, run with no JAVA_HOME and a PATH
 * without any java: it starts on its own runtime (with its start-up cache) and serves the protocol.
 */
class ImageIT {

    /** What the launcher needs from the system: a shell and a few coreutils, no JDK. */
    private static final List<String> TOOLS = List.of("bash", "readlink", "dirname", "sed", "head", "cat");
    private static final Pattern STARTED = Pattern.compile("\\[START] .* port=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void theUnpackedImageRunsWithoutAJdkAndServesTheProtocol() throws Exception {
        Path tarball = Path.of(System.getProperty("image.tarball"));
        System.out.printf("image: %s is %.1f MB%n", tarball.getFileName(), Files.size(tarball) / 1e6);
        Path unpacked = Files.createDirectory(dir.resolve("elsewhere"));
        assertThat(Commands.run("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()).exitCode()).isZero();
        Path launcher;
        try (var entries = Files.list(unpacked)) {
            launcher = entries.findFirst().orElseThrow().resolve("bin").resolve("chat-server");
        }
        Map<String, String> noJdk = noJdkEnvironment();

        Commands.Result version = Commands.run(List.of(launcher.toString(), "--version"), noJdk);
        assertThat(version.exitCode()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("chat-server 0.1.0 (commit ");

        Path stdout = dir.resolve("server.out");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-admin-socket", "--no-http").directory(dir.toFile()).redirectErrorStream(true).redirectOutput(stdout.toFile());
        noJdk.forEach((name, value) -> {
            if (value == null) {
                builder.environment().remove(name);
            } else {
                builder.environment().put(name, value);
            }
        });
        Process server = builder.start();
        try {
            int port = await().atMost(Duration.ofSeconds(30)).until(() -> startedPort(stdout), p -> p > 0);
            try (TestClient ann = TestClient.login(port, "ann"); TestClient bob = TestClient.login(port, "bob")) {
                ann.send("MSG hello");
                assertThat(bob.readLine()).isEqualTo("MSG ann hello");
                bob.send("DM ann hi");
                assertThat(ann.readLine()).isEqualTo("DM bob hi");
                ann.send("PING");
                assertThat(ann.readLine()).isEqualTo("PONG");
            }
            server.destroy();
            assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
        String output = Files.readString(stdout);
        assertThat(output).contains("[SHUTDOWN] stage=done")
                .as("the start-up cache serves wherever the image is unpacked").doesNotContain("starting without it");
    }

    /** Two nodes of the image joined by a real Redis: the Redis client's modules are linked and work. */
    @Test
    void twoImageNodesAreOneChatThroughRedis() throws Exception {
        Path tarball = Path.of(System.getProperty("image.tarball"));
        Path unpacked = Files.createDirectory(dir.resolve("cluster"));
        assertThat(Commands.run("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()).exitCode()).isZero();
        Path launcher;
        try (var entries = Files.list(unpacked)) {
            launcher = entries.findFirst().orElseThrow().resolve("bin").resolve("chat-server");
        }
        Map<String, String> noJdk = noJdkEnvironment();
        List<Process> nodes = new java.util.ArrayList<>();
        try (RedisServer redis = RedisServer.launch()) {
            List<Path> outputs = new java.util.ArrayList<>();
            for (String id : List.of("i1", "i2")) {
                Path stdout = dir.resolve(id + ".out");
                outputs.add(stdout);
                ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--bind", "127.0.0.1", "--port", "0",
                        "--no-admin-socket", "--no-http", "--no-history", "--cluster", redis.url(), "--node-id", id)
                        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(stdout.toFile());
                noJdk.forEach((name, value) -> {
                    if (value == null) {
                        builder.environment().remove(name);
                    } else {
                        builder.environment().put(name, value);
                    }
                });
                nodes.add(builder.start());
            }
            int one = await().atMost(Duration.ofSeconds(30)).until(() -> startedPort(outputs.get(0)), p -> p > 0);
            int two = await().atMost(Duration.ofSeconds(30)).until(() -> startedPort(outputs.get(1)), p -> p > 0);
            try (TestClient ann = TestClient.login(one, "ann"); TestClient bob = TestClient.login(two, "bob")) {
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                    ann.send("WHO");
                    assertThat(ann.drain()).containsExactly("USER ann", "USER bob");
                });
                ann.send("MSG across nodes");
                assertThat(bob.readLine()).isEqualTo("MSG ann across nodes");
            }
            for (Path output : outputs) {
                assertThat(Files.readString(output)).contains("[CLUSTER] event=joined").doesNotContain("ERROR");
            }
        } finally {
            nodes.forEach(Process::destroyForcibly);
        }
    }

    /** No JAVA_HOME, and a PATH of links to the launcher's tools only, so no java can be found. */
    private Map<String, String> noJdkEnvironment() throws IOException {
        Path tools = Files.createDirectory(dir.resolve("tools"));
        for (String tool : TOOLS) {
            Path real = Commands.run("bash", "-c", "command -v " + tool).output().strip().lines().findFirst()
                    .map(Path::of).orElseThrow();
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        Map<String, String> environment = new HashMap<>();
        environment.put("JAVA_HOME", null);
        environment.put("JAVA_OPTS", null);
        environment.put("PATH", tools.toString());
        assertThat(Commands.run(List.of(tools.resolve("bash").toString(), "-c", "command -v java"), environment).exitCode())
                .as("no java on this PATH").isNotZero();
        return environment;
    }

    private static int startedPort(Path stdout) throws IOException {
        Matcher matcher = STARTED.matcher(Files.exists(stdout) ? Files.readString(stdout) : "");
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }
}
