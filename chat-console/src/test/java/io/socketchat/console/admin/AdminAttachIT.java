package io.socketchat.console.admin;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged server without a terminal (as under a service manager) steered with
 * {@code chat-server admin ...} one-shot commands, through the real launcher and real exit codes.
 */
class AdminAttachIT {

    @TempDir
    Path home;

    @Test
    void serverWithoutTerminalIsSteeredByOneShotCommands() throws Exception {
        Path socket = home.resolve("run").resolve("admin.sock");
        try (ServerProcess server = PackagedLaunch.start(home, "--port", "0", "--bind", "127.0.0.1",
                "--admin-socket", socket.toString())) {
            int port = server.awaitPort();
            server.awaitOutput("[ADMIN] listening socket=" + socket);
            // 0660 for the operators' group where the package created it, else owner-only
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)))
                    .isEqualTo(AdminSocketFile.operatorsGroup("socketchat").isPresent() ? "rw-rw----" : "rw-------");

            try (TestClient bob = TestClient.login(port, "bob")) {
                ServerProcess.Result users = PackagedLaunch.run(home, "admin", "--admin-socket", socket.toString(), "users", "--json");
                assertThat(users.exitCode()).isZero();
                assertThat(MiniJson.parseArray(users.output().strip())).hasSize(1);

                ServerProcess.Result unknown = PackagedLaunch.run(home, "admin", "--admin-socket", socket.toString(), "kick", "nobody");
                assertThat(unknown.exitCode()).isEqualTo(1);
                assertThat(unknown.output()).isEqualTo("kick: no such user: nobody");

                ServerProcess.Result piped = PackagedLaunch.runWithInput(home, null, null, "users --names\nkick nobody\ntimeout\n",
                        "admin", "--admin-socket", socket.toString());
                assertThat(piped.exitCode()).as("the failing command's code").isEqualTo(1);
                assertThat(piped.output()).contains("bob", "kick: no such user: nobody", "idle timeout 1m00s")
                        .doesNotContain("chat>");

                ServerProcess.Result kick = PackagedLaunch.run(home, "admin", "--admin-socket", socket.toString(),
                        "kick", "bob", "too", "noisy");
                assertThat(kick.exitCode()).isZero();
                assertThat(bob.readLine()).isEqualTo("INFO kicked by operator: too noisy");
                assertThat(bob.readUntilClosed()).isEmpty();
                server.awaitOutput("[KICK] user=bob by=admin-socket reason=\"too noisy\"");
            }

            // a second server may not take over a live server's admin socket, and says so before it
            // binds any port: on the same port it would otherwise fail on the port
            ServerProcess.Result second = PackagedLaunch.run(home, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--admin-socket", socket.toString());
            assertThat(second.exitCode()).isEqualTo(1);
            assertThat(second.output()).contains("chat-server: admin socket " + socket + " is in use by a running server")
                    .doesNotContain("cannot listen");

            assertThat(server.output()).noneMatch(line -> line.contains("chat>")); // stdin is no terminal: no prompt

            // SIGTERM: graceful stop, exit 0, socket removed
            server.process().destroy();
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void theAdminCommandFindsTheServerWithoutFlagsEvenAfterThePortMoved() throws Exception {
        Path runtime = Files.createDirectory(home.resolve("xdg"));
        Path socket = runtime.resolve("socketchat").resolve("admin.sock");
        try (ServerProcess server = PackagedLaunch.startWithEnvironment(home, "XDG_RUNTIME_DIR", runtime.toString(),
                "--port", "0", "--bind", "127.0.0.1")) {
            server.awaitPort();
            server.awaitOutput("[ADMIN] listening socket=" + socket);
            int free;
            try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
                free = probe.getLocalPort();
            }
            ServerProcess.Result moved = PackagedLaunch.runWithEnvironment(home, "XDG_RUNTIME_DIR", runtime.toString(),
                    "admin", "port", Integer.toString(free));
            assertThat(moved.exitCode()).as(moved.output()).isZero();

            ServerProcess.Result stats = PackagedLaunch.runWithEnvironment(home, "XDG_RUNTIME_DIR", runtime.toString(),
                    "admin", "stats");
            assertThat(stats.exitCode()).as(stats.output()).isZero();
            assertThat(stats.output()).contains("uptime");
        }
    }

    @Test
    void oneShotWithoutServerExitsThreeAndSaysSo() {
        ServerProcess.Result result = PackagedLaunch.run(home, "admin", "--admin-socket", home.resolve("none.sock").toString(), "users");

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.output()).contains("no server is listening");
    }

    @Test
    void adminCommandIsSentOverTheSocketChosenByEnvironmentAndShutdownStopsTheServer() throws Exception {
        Path socket = home.resolve("env.sock");
        try (ServerProcess server = PackagedLaunch.start(home, "--port", "0", "--bind", "127.0.0.1",
                "--admin-socket", socket.toString())) {
            int port = server.awaitPort();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(socket));
            try (TestClient alice = TestClient.login(port, "alice")) {
                ServerProcess.Result shutdown = PackagedLaunch.runWithEnvironment(home, "CHAT_ADMIN_SOCKET", socket.toString(),
                        "admin", "shutdown");
                assertThat(shutdown.exitCode()).isZero();
                assertThat(shutdown.output()).isEqualTo("shutting down");
                assertThat(alice.readLine()).isEqualTo("INFO server shutting down");
            }
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(server.process().exitValue()).isZero();
            assertThat(socket).doesNotExist();
        }
    }

    @Test
    void noAdminSocketMeansNone() throws Exception {
        Path socket = home.resolve("unwanted.sock");
        try (ServerProcess server = PackagedLaunch.startWithEnvironment(home, "CHAT_ADMIN_SOCKET", socket.toString(),
                "--port", "0", "--bind", "127.0.0.1", "--no-admin-socket")) {
            int port = server.awaitPort();
            try (TestClient alice = TestClient.login(port, "alice")) {
                assertThat(alice.drain()).isEmpty(); // fully started and serving
            }
            assertThat(socket).doesNotExist();
            assertThat(server.output()).noneMatch(line -> line.contains("[ADMIN]"));
        }
    }
}
