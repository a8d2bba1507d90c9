package io.socketchat.console;

import io.socketchat.console.admin.AdminCommands;
import io.socketchat.console.admin.CommandResult;
import io.socketchat.console.admin.LiveServerTarget;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.Plugins;
import io.socketchat.server.ServerConfig;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The example plugin as an operator runs it: its jar (built by the reactor) copied into a
 * plugin directory, loaded beside the real built-in commands, used from socket clients.
 */
class RollPluginTest {

    /** Where the reactor built examples/plugin-roll (set by the pom from dependency:properties). */
    static Path rollJar() {
        String path = System.getProperty("plugin.roll.jar");
        assertThat(path).as("system property plugin.roll.jar").isNotBlank();
        return Path.of(path);
    }

    @TempDir
    Path plugins;
    ChatServer server;
    PluginReport report;

    @BeforeEach
    void start() throws IOException {
        Files.copy(rollJar(), plugins.resolve("plugin-roll.jar"));
        report = Plugins.load(plugins, ChatServer.discoverCommands());
        server = ChatServer.start(
                ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build(), report);
    }

    @AfterEach
    void stop() {
        server.shutdown();
    }

    @Test
    void theExamplePluginIsNotOnTheModulePathButLoadsFromThePluginDirectory() {
        assertThat(ModuleLayer.boot().findModule("io.socketchat.example.roll")).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(report.loaded()).singleElement().satisfies(plugin -> {
            assertThat(plugin.module()).isEqualTo("io.socketchat.example.roll");
            assertThat(plugin.words()).containsExactly("ROLL");
        });
        assertThat(server.commands()).containsKeys("LOGIN", "MSG", "DM", "WHO", "PING", "ROLL");
    }

    @Test
    void rollTellsTheRollerAndEveryoneElseTheSameLine() {
        try (TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            alice.send("ROLL 2d6");
            String line = alice.readLine();

            Matcher roll = Pattern.compile("ROLL alice 2d6: ([1-6]) ([1-6]) = (\\d+)").matcher(line);
            assertThat(roll.matches()).as(line).isTrue();
            assertThat(Integer.parseInt(roll.group(3)))
                    .isEqualTo(Integer.parseInt(roll.group(1)) + Integer.parseInt(roll.group(2)));
            assertThat(bob.readLine()).isEqualTo(line);
            assertThat(alice.drain()).isEmpty();
        }
    }

    @Test
    void aHundredDiceOfAThousandSidesIsTheLimit() {
        try (TestClient alice = TestClient.login(server.port(), "alice")) {
            alice.send("roll 100D1000");
            String line = alice.readLine();

            String[] parts = line.substring("ROLL alice 100d1000: ".length()).split(" = ");
            int[] dice = Arrays.stream(parts[0].split(" ")).mapToInt(Integer::parseInt).toArray();
            assertThat(dice).hasSize(100);
            assertThat(Arrays.stream(dice).allMatch(face -> face >= 1 && face <= 1000)).isTrue();
            assertThat(Integer.parseInt(parts[1])).isEqualTo(Arrays.stream(dice).sum());

            alice.send("ROLL 101d6");
            assertThat(alice.readLine()).isEqualTo("ERR usage: ROLL <n>d<sides>");
        }
    }

    @Test
    void malformedOrAbsurdRollsAnswerUsageToTheRollerOnly() {
        try (TestClient alice = TestClient.login(server.port(), "alice");
             TestClient bob = TestClient.login(server.port(), "bob")) {
            for (String bad : new String[]{"ROLL banana", "ROLL 1000d1000000", "ROLL 0d6", "ROLL 2d0", "ROLL", "ROLL 2d6 4d8"}) {
                alice.send(bad);
                assertThat(alice.readLine()).as(bad).isEqualTo("ERR usage: ROLL <n>d<sides>");
            }
            assertThat(bob.drain()).isEmpty();
        }
    }

    @Test
    void rollNeedsALogin() {
        try (TestClient stranger = TestClient.connect(server.port())) {
            stranger.send("ROLL 1d6");
            assertThat(stranger.readLine()).isEqualTo("ERR not-logged-in");
        }
    }

    @Test
    void theListingShowsBuiltInsAndThePluginWithItsJar() {
        assertThat(PluginListing.lines(server.plugins()))
                .anyMatch(l -> l.matches("LOGIN +io\\.socketchat\\.commands +0\\.1\\.0 +\\(built-in\\)"))
                .anyMatch(l -> l.matches("ROLL +io\\.socketchat\\.example\\.roll +0\\.1\\.0 +"
                        + Pattern.quote(plugins.resolve("plugin-roll.jar").toString())));
    }

    @Test
    void theOperatorsPluginsCommandPrintsTheListing() {
        CommandResult result = AdminCommands.run("plugins", LiveServerTarget.of(server, "console"));

        assertThat(result.exitCode()).isZero();
        assertThat(result.out().lines())
                .first().asString().startsWith("COMMAND");
        assertThat(result.out().lines())
                .anyMatch(l -> l.matches("ROLL +io\\.socketchat\\.example\\.roll +0\\.1\\.0 +.*plugin-roll\\.jar"))
                .anyMatch(l -> l.matches("WHO +io\\.socketchat\\.commands +0\\.1\\.0 +\\(built-in\\)"));
    }
}
