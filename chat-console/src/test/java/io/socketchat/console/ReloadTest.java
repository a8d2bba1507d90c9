package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGHUP and {@code reload} at the console re-read the config file: a new idle timeout applies
 * to connected sessions, settings that need a restart are named, a bad file changes nothing.
 */
class ReloadTest {

    private static final Pattern PORT = Pattern.compile("\\[START] .* port=(\\d+)");

    @TempDir
    Path work;

    private Path writeConfig(String... lines) throws IOException {
        return Files.writeString(work.resolve("socketchat.conf"), String.join("\n", lines) + "\n");
    }

    private static int port(String startLine) {
        Matcher matcher = PORT.matcher(startLine);
        assertThat(matcher.find()).as(startLine).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void sighupAppliesANewIdleTimeoutNamesWhatNeedsARestartAndABadFileKeepsTheRunningSettings() throws Exception {
        Path config = writeConfig("idle-timeout = 60s", "max-line = 64KiB");
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(), "--config", config.toString(),
                "--bind", "127.0.0.1", "--port", "0", "--no-admin-socket")) {
            int port = port(server.awaitOutput(line -> line.contains("[START]")));
            try (TestClient quiet = TestClient.login(port, "quiet")) {
                writeConfig("idle-timeout = 1s", "max-line = 2KiB", "log-level = warn");
                server.hangUp();

                String reloaded = server.awaitOutput(line -> line.contains("[RELOAD]"));
                assertThat(reloaded).contains("result=ok", "applied=idle-timeout,log-level", "restart-needed=max-line");
                quiet.setReadTimeout(Duration.ofSeconds(20));
                assertThat(quiet.readLine()).as("the connected session follows the new timeout")
                        .isEqualTo("INFO disconnected due to inactivity");
            }

            writeConfig("idle-timeout = soon");
            server.hangUp();
            String failed = server.awaitOutput(line -> line.contains("[RELOAD]"));
            assertThat(failed).contains("WARN", "result=failed",
                    config + ":1: invalid value for idle-timeout: 'soon' is not a positive duration");

            try (TestClient next = TestClient.login(port, "next")) {
                next.setReadTimeout(Duration.ofSeconds(20));
                assertThat(next.readLine()).as("still the 1 s timeout of the last good file")
                        .isEqualTo("INFO disconnected due to inactivity");
            }
        }
    }

    @Test
    void reloadAtTheConsoleAnswersWithWhatItDid() throws Exception {
        Path config = writeConfig("flood-rate = 10");
        Path socket = work.resolve("admin.sock");
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(), "--config", config.toString(),
                "--bind", "127.0.0.1", "--port", "0", "--admin-socket", socket.toString())) {
            server.awaitOutput(line -> line.contains("[ADMIN] listening"));
            writeConfig("flood-rate = 0", "max-clients = 100");

            CommandLines.Outcome reload = CommandLines.execute(Map.of(), "admin", "--admin-socket", socket.toString(), "reload");

            assertThat(reload.exitCode()).as(reload.err()).isZero();
            assertThat(reload.out()).startsWith("reloaded " + config + ": applied max-clients,flood-rate; needs a restart: none");
            server.awaitOutput(line -> line.contains("[CONFIG] flood-rate=0 flood-burst=40"));

            writeConfig("flood-rate = lots");
            CommandLines.Outcome bad = CommandLines.execute(Map.of(), "admin", "--admin-socket", socket.toString(), "reload");
            assertThat(bad.exitCode()).isEqualTo(1);
            assertThat(bad.err()).contains(config + ":1: invalid value for flood-rate", "the running settings stay");

            writeConfig("http-bind = 127.0.0.2"); // the HTTP port is off in tests; its settings still need a restart
            CommandLines.Outcome web = CommandLines.execute(Map.of(), "admin", "--admin-socket", socket.toString(), "reload");
            assertThat(web.out()).as(web.err()).contains("needs a restart: http-bind");
        }
    }
}
