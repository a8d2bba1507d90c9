package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import io.socketchat.testkit.TestPlugins;
import io.socketchat.testkit.TestPlugins.Broken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin options of a launched {@code chat-server}: the default directory, the
 * environment, refused jars logged and skipped, and {@code --strict-plugins} turning each
 * refusal into a failed start.
 */
class PluginLaunchTest {

    private static final Pattern STARTED = Pattern.compile(".*\\[START] .* port=(\\d+) .*");

    @TempDir
    Path work;

    private Path pluginsWithRoll(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.copy(RollPluginTest.rollJar(), directory.resolve("plugin-roll.jar"));
        return directory;
    }

    @Test
    void theDefaultPluginDirectoryLoadsRefusesBrokenJarsAndServes() throws Exception {
        Path plugins = pluginsWithRoll(work.resolve("plugins")); // "plugins" in the working directory
        TestPlugins.againstBootLayer(work.resolve("scratch")).allBroken(plugins);

        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(), "--bind", "127.0.0.1", "--port", "0")) {
            Matcher started = STARTED.matcher(server.awaitOutput(line -> STARTED.matcher(line).matches()));
            assertThat(started.matches()).isTrue();
            assertThat(server.output())
                    .anyMatch(line -> line.contains("[PLUGIN] loaded jar=plugins/plugin-roll.jar")
                            && line.contains("module=io.socketchat.example.roll") && line.endsWith("commands=ROLL"))
                    .anyMatch(line -> line.contains("[PLUGIN] loaded jar=plugins/echo.jar"));
            for (Broken broken : Broken.values()) {
                assertThat(server.output()).as(broken.name()).anyMatch(line ->
                        line.contains("[PLUGIN] error jar=plugins/" + broken.fileName + " reason=\"")
                                && line.contains(broken.reason));
            }

            try (TestClient alice = TestClient.login(Integer.parseInt(started.group(1)), "alice")) {
                alice.send("ROLL 3d4");
                assertThat(alice.readLine()).matches("ROLL alice 3d4: [1-4] [1-4] [1-4] = \\d+");
                alice.send("ECHO hi");
                assertThat(alice.readLine()).isEqualTo("ECHO hi");
                alice.send("BOOM");
                assertThat(alice.readLine()).isEqualTo("ERR unknown-cmd");
            }
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @Test
    void aMissingPluginDirectoryIsFine() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(),
                "--bind", "127.0.0.1", "--port", "0", "--plugins", "no-such-dir", "--strict-plugins")) {
            server.awaitOutput(line -> STARTED.matcher(line).matches());
            assertThat(server.output()).anyMatch(line -> line.contains("[PLUGIN] directory=no-such-dir missing=true"));
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Broken.class)
    void strictPluginsMakesEachRefusalAStartFailure(Broken broken) throws Exception {
        Path plugins = pluginsWithRoll(work.resolve("strict"));
        TestPlugins testPlugins = TestPlugins.againstBootLayer(work.resolve("scratch"));
        testPlugins.echo(plugins); // some cases clash with it
        Path jar = testPlugins.broken(broken, plugins);

        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(),
                "--bind", "127.0.0.1", "--port", "0", "--plugins", plugins.toString(), "--strict-plugins")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors())
                    .startsWith("chat-server: refusing to start (strict plugins): jar=" + jar + " reason=")
                    .contains(broken.reason);
        }
    }

    @Test
    void theEnvironmentNamesTheDirectoryAndStrictness() throws Exception {
        Path plugins = pluginsWithRoll(work.resolve("from-env"));
        Path jar = TestPlugins.againstBootLayer(work.resolve("scratch")).broken(Broken.NOT_MODULAR, plugins);

        try (ServerProcess server = ModulePathLaunch.start(work,
                Map.of("CHAT_PLUGINS", plugins.toString(), "CHAT_STRICT_PLUGINS", "true"),
                "--bind", "127.0.0.1", "--port", "0")) {
            assertThat(server.awaitExit()).isEqualTo(1);
            assertThat(server.errors()).contains("jar=" + jar + " reason=not a modular jar");
        }
    }
}
