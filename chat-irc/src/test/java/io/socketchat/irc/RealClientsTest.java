package io.socketchat.irc;

import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's irssi (in tmux: send-keys to type, capture-pane to read its screen) and
 * weechat-headless (set up by {@code --run-command}, then typed to through its FIFO, read from
 * its logs) each connect to the IRC port, join {@code #lobby} and a room, exchange lobby, room
 * and direct messages with a line-protocol client, and quit. Each client has its own home
 * directory in a temporary directory.
 */
class RealClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path home;

    private IrcFixture chat;
    private final List<Process> processes = new ArrayList<>();
    private Path tmuxSocket;

    @BeforeEach
    void needsTheClients() {
        boolean installed = Stream.of("/usr/bin/irssi", "/usr/bin/tmux", "/usr/bin/weechat-headless")
                .allMatch(path -> Files.isExecutable(Path.of(path)));
        if (!installed && System.getenv("CI") != null) {
            fail("CI installs irssi, tmux and weechat-headless (./dev test)");
        }
        assumeTrue(installed, "irssi, tmux and weechat-headless are not installed (./dev test installs them)");
        chat = IrcFixture.start();
    }

    @AfterEach
    void stopAll() throws Exception {
        if (tmuxSocket != null) {
            run("tmux", "-S", tmuxSocket.toString(), "kill-server");
        }
        for (Process process : processes) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (chat != null) {
            chat.close();
        }
    }

    @Test
    void irssiInTmuxChatsWithALineClient() throws Exception {
        TestClient bob = chat.line("bob");
        bob.send("JOIN #dev");
        bob.readUntil("END HISTORY #dev");
        Path irssiHome = Files.createDirectories(home.resolve("irssi"));
        Files.writeString(irssiHome.resolve("config"), """
                settings = {
                  core = { real_name = "Dave Irssi"; user_name = "dave"; nick = "dave"; };
                  "fe-common/core" = { autocreate_query_level = "MSGS"; };
                };
                """);
        tmuxSocket = home.resolve("tmux.sock");
        run("tmux", "-S", tmuxSocket.toString(), "new-session", "-d", "-x", "200", "-y", "50",
                "irssi --home=" + irssiHome + " --connect=127.0.0.1 --port=" + chat.ircPort() + " --nick=dave");

        await().atMost(WAIT).until(() -> chat.server().users().stream().anyMatch(u -> u.name().equals("dave")));
        type("/window goto #lobby");
        bob.send("MSG hello irssi from the line protocol");
        awaitScreen("hello irssi from the line protocol");

        type("hi bob, irssi here");
        assertThat(bob.readLine()).isEqualTo("MSG dave hi bob, irssi here");

        type("/join #dev");
        assertThat(bob.readLine()).isEqualTo("JOIN #dev dave");
        bob.send("SAY #dev welcome to the room");
        awaitScreen("welcome to the room");
        type("thanks, room");
        assertThat(bob.readLine()).isEqualTo("SAY #dev dave thanks, room");

        bob.send("DM dave a secret for irssi");
        type("/query bob");
        awaitScreen("a secret for irssi");
        type("/msg bob a secret for bob");
        assertThat(bob.readLine()).isEqualTo("DM dave a secret for bob");

        type("/quit leaving now");
        assertThat(bob.readLine()).isEqualTo("INFO dave disconnected");
    }

    @Test
    void weechatHeadlessChatsWithALineClient() throws Exception {
        TestClient bob = chat.line("bob");
        bob.send("JOIN #dev");
        bob.readUntil("END HISTORY #dev");
        Path weechatHome = Files.createDirectories(home.resolve("weechat"));
        String setup = String.join(";",
                "/set logger.file.flush_delay 0",
                "/set fifo.file.enabled on",
                "/set fifo.file.path " + weechatHome.resolve("fifo"),
                "/server add sc 127.0.0.1/" + chat.ircPort() + " -notls",
                "/set irc.server.sc.nicks erin",
                "/set irc.server.sc.username erin",
                "/set irc.server.sc.autoreconnect off",
                "/connect sc");
        Process weechat = new ProcessBuilder("weechat-headless", "--dir", weechatHome.toString(), "--run-command", setup)
                .redirectErrorStream(true).redirectOutput(home.resolve("weechat.out").toFile()).start();
        processes.add(weechat);

        await().atMost(WAIT).until(() -> chat.server().users().stream().anyMatch(u -> u.name().equals("erin")));
        Path fifo = weechatHome.resolve("fifo");
        await().atMost(WAIT).until(() -> Files.exists(fifo));
        Path logs = weechatHome.resolve("logs");

        bob.send("MSG hello weechat from the line protocol");
        awaitLog(logs, "irc.sc.#lobby", "hello weechat from the line protocol");
        fifo(fifo, "irc.sc.#lobby *hi bob, weechat here");
        assertThat(bob.readLine()).isEqualTo("MSG erin hi bob, weechat here");

        fifo(fifo, "irc.server.sc */join #dev");
        assertThat(bob.readLine()).isEqualTo("JOIN #dev erin");
        bob.send("SAY #dev welcome to the room");
        awaitLog(logs, "irc.sc.#dev", "welcome to the room");
        fifo(fifo, "irc.sc.#dev *thanks, room");
        assertThat(bob.readLine()).isEqualTo("SAY #dev erin thanks, room");

        bob.send("DM erin a secret for weechat");
        awaitLog(logs, "irc.sc.bob", "a secret for weechat");
        fifo(fifo, "irc.server.sc */msg bob a secret for bob");
        assertThat(bob.readLine()).isEqualTo("DM erin a secret for bob");

        fifo(fifo, "irc.server.sc */quit leaving now");
        assertThat(bob.readLine()).isEqualTo("INFO erin disconnected");
        fifo(fifo, "*/quit");
        assertThat(weechat.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    // ---- irssi in tmux ----

    private void type(String keys) throws Exception {
        run("tmux", "-S", tmuxSocket.toString(), "send-keys", "-t", "0", "-l", keys);
        run("tmux", "-S", tmuxSocket.toString(), "send-keys", "-t", "0", "Enter");
    }

    private void awaitScreen(String text) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> screen().contains(text));
    }

    private String screen() throws Exception {
        return run("tmux", "-S", tmuxSocket.toString(), "capture-pane", "-p", "-J", "-t", "0");
    }

    // ---- weechat ----

    private static void fifo(Path fifo, String line) throws IOException {
        Files.writeString(fifo, line + "\n", StandardCharsets.UTF_8);
    }

    /** Waits until the log of buffer {@code buffer} (as WeeChat names its files, in lower case) holds {@code text}. */
    private static void awaitLog(Path logs, String buffer, String text) {
        Path file = logs.resolve(buffer.toLowerCase(Locale.ROOT) + ".weechatlog");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            try {
                return Files.exists(file) && Files.readString(file).contains(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return output;
    }
}
