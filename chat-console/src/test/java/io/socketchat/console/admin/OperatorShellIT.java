package io.socketchat.console.admin;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code chat> } shell of the packaged server, driven through a real pseudo-terminal
 * (tmux): completion, log lines above the prompt, Ctrl-C, kick, Ctrl-D, history; and the
 * same shell attached from another terminal over the admin socket.
 */
class OperatorShellIT {

    private static final Duration SCREEN_WAIT = Duration.ofSeconds(30);
    private static final Pattern PORT = Pattern.compile("\\[START] .*port=(\\d+)");

    @TempDir
    Path home;

    private Tmux tmux;
    private Path socket;

    @BeforeEach
    void startServerInATerminal() {
        tmux = new Tmux(home);
        socket = home.resolve("admin.sock");
        tmux.start("server", Distribution.launcher() + " --port 0 --bind 127.0.0.1 --data-dir " + home.resolve("data")
                + " --admin-socket " + socket
                + "; echo \"EXITED $?\"; stty -a; sleep 600");
    }

    @AfterEach
    void killTmux() {
        tmux.close();
    }

    private String awaitScreen(String session, Predicate<String> condition) {
        return await().atMost(SCREEN_WAIT).until(() -> tmux.screen(session), condition);
    }

    private void awaitLastLine(String session, String expected) {
        await().atMost(SCREEN_WAIT).until(() -> tmux.lastLine(session), expected::equals);
    }

    /**
     * Waits for the prompt with an empty line. On a loaded machine a terminal's late answer to
     * a query of JLine's (such as {@code ESC[?1;2c}) can land in the line as if typed: the line
     * is cleared (Ctrl-U) so the keys the test sends next are all that is on it.
     */
    private void awaitEmptyPrompt(String session) {
        String line = await().atMost(SCREEN_WAIT).until(() -> tmux.lastLine(session), text -> text.startsWith("chat>"));
        if (!line.equals("chat>")) {
            tmux.sendKeys(session, "C-u");
            awaitLastLine(session, "chat>");
        }
    }

    private int serverPort() {
        String screen = awaitScreen("server", text -> PORT.matcher(text).find() && text.contains("chat>"));
        Matcher matcher = PORT.matcher(screen);
        assertThat(matcher.find()).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    @Test
    void localShellCompletesKicksKeepsTheLineAndShutsDownOnCtrlD() throws Exception {
        int port = serverPort();
        awaitEmptyPrompt("server");
        assertThat(tmux.screen("server")).doesNotContain("WARNING"); // no native-access warning from JLine

        try (TestClient alice = TestClient.login(port, "alice")) {
            // Tab completes a command name
            tmux.type("server", "us");
            tmux.sendKeys("server", "Tab");
            awaitLastLine("server", "chat> users");
            tmux.sendKeys("server", "Enter");
            awaitScreen("server", text -> text.contains("(1 user)"));
            assertThat(tmux.screen("server")).containsPattern("alice +127\\.0\\.0\\.1:" + alice.socket().getLocalPort());

            // a log line arriving while the operator types goes above the prompt; the typing stays intact
            tmux.type("server", "stat");
            awaitLastLine("server", "chat> stat");
            try (TestClient bob = TestClient.login(port, "bob")) {
                awaitScreen("server", text -> text.contains("[LOGIN] user=bob"));
                awaitLastLine("server", "chat> stat");

                // Ctrl-C clears the line and the server keeps running
                tmux.sendKeys("server", "C-c");
                awaitEmptyPrompt("server");
                assertThat(bob.drain()).isEmpty();

                // Tab completes a logged-in user's name after kick
                tmux.type("server", "kick al");
                tmux.sendKeys("server", "Tab");
                awaitLastLine("server", "chat> kick alice");
                tmux.type("server", "bye now");
                tmux.sendKeys("server", "Enter");

                String screen = awaitScreen("server", text -> text.contains("kicked alice (bye now)"));
                assertThat(screen).contains("[KICK] user=alice by=console reason=\"bye now\"");
                assertThat(alice.readLine()).isEqualTo("INFO kicked by operator: bye now");
                assertThat(alice.readUntilClosed()).isEmpty();
                assertThat(bob.readLine()).isEqualTo("INFO alice disconnected");

                // Ctrl-D: graceful shutdown, exit 0, socket removed, history kept
                awaitEmptyPrompt("server");
                tmux.sendKeys("server", "C-d");
                assertThat(bob.readLine()).isEqualTo("INFO server shutting down");
            }
            awaitScreen("server", text -> text.contains("EXITED 0"));
            assertThat(socket).doesNotExist();
            assertThat(Files.readString(home.resolve(".socketchat_history")))
                    .contains(":users\n").contains(":kick alice bye now\n");
        }
    }

    @Test
    void sigtermWhilePromptingStopsGracefullyAndGivesTheTerminalBack() throws Exception {
        int port = serverPort();
        awaitEmptyPrompt("server");
        try (TestClient alice = TestClient.login(port, "alice")) {
            ProcessHandle java = ProcessHandle.of(tmux.panePid("server")).orElseThrow().descendants()
                    .filter(process -> process.info().command().orElse("").endsWith("/java"))
                    .findFirst().orElseThrow();

            java.destroy(); // SIGTERM

            assertThat(alice.readLine()).isEqualTo("INFO server shutting down");
        }
        String screen = awaitScreen("server", text -> text.contains("EXITED 0") && text.contains("icanon"));
        // JLine restored the line discipline it had changed for the prompt
        assertThat(screen).containsPattern("(^|\\s)icanon(\\s|$)").containsPattern("(^|\\s)echo(\\s|$)");
        assertThat(socket).doesNotExist();
    }

    @Test
    void attachedShellCompletesOverTheSocketAndDetachesOnQuit() throws Exception {
        int port = serverPort();
        try (TestClient bob = TestClient.login(port, "bob")) {
            tmux.start("attached", Distribution.launcher() + " admin --admin-socket " + socket
                    + "; echo \"DETACHED $?\"; sleep 600");
            awaitEmptyPrompt("attached");

            tmux.type("attached", "kick b");
            tmux.sendKeys("attached", "Tab");
            awaitLastLine("attached", "chat> kick bob");
            tmux.type("attached", "from afar");
            tmux.sendKeys("attached", "Enter");

            awaitScreen("attached", text -> text.contains("kicked bob (from afar)"));
            assertThat(bob.readLine()).isEqualTo("INFO kicked by operator: from afar");
            awaitScreen("server", text -> text.contains("[KICK] user=bob by=admin-socket reason=\"from afar\""));

            tmux.type("attached", "quit");
            tmux.sendKeys("attached", "Enter");
            awaitScreen("attached", text -> text.contains("DETACHED 0"));
            // detaching leaves the server running
            try (TestClient carol = TestClient.login(port, "carol")) {
                assertThat(carol.drain()).isEmpty();
            }
            awaitEmptyPrompt("server");
        }
    }
}
