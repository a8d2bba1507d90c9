package io.socketchat.console;

import io.socketchat.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static io.socketchat.console.CommandLines.configFor;
import static io.socketchat.console.CommandLines.execute;
import static io.socketchat.console.CommandLines.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The config file ({@code --config}, {@code CHAT_CONFIG}): a flag beats its variable, a variable
 * beats the file, the file beats the default; an unknown key or a bad value ends with exit code 2
 * and one line naming the file and line; {@code chat-server config} shows each setting's source.
 */
class ConfigFileTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        return Files.writeString(dir.resolve("socketchat.conf"), String.join("\n", lines) + "\n");
    }

    @Test
    void theFileBeatsTheDefaultTheVariableBeatsTheFileTheFlagBeatsTheVariable() throws IOException {
        Path config = file(
                "# a comment, then a blank line",
                "",
                "idle-timeout = 30s",
                "login-timeout=20s",
                "max-per-ip = 7",
                "flood-rate = 3");
        Map<String, String> environment = Map.of("CHAT_LOGIN_TIMEOUT", "15s", "CHAT_MAX_PER_IP", "8");

        ServerConfig settings = configFor(environment, "--config", config.toString(), "--max-per-ip", "9");

        assertThat(settings.idleTimeout()).as("file beats default").isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.floodRate()).as("file beats default").isEqualTo(3);
        assertThat(settings.loginTimeout()).as("variable beats file").isEqualTo(Duration.ofSeconds(15));
        assertThat(settings.maxPerIp()).as("flag beats variable and file").isEqualTo(9);
        assertThat(settings.shutdownGrace()).as("default when nobody says").isEqualTo(ServerConfig.DEFAULT_SHUTDOWN_GRACE);
    }

    @Test
    void theFileIsNamedByChatConfigToo() throws IOException {
        Path config = file("port = 4321", "log-level = debug");

        ServerCommand command = parsed(Map.of("CHAT_CONFIG", config.toString()));

        assertThat(command.toConfig().port()).isEqualTo(4321);
        assertThat(command.logLevel).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void aSwitchOnInTheFileIsStillOnWithItsFlag() throws IOException {
        Path config = file("log-text = true", "strict-plugins = false");

        assertThat(parsed(Map.of(), "--config", config.toString()).logText).isTrue();
        assertThat(parsed(Map.of(), "--config", config.toString(), "--log-text").logText).isTrue();
        assertThat(parsed(Map.of(), "--config", config.toString(), "--log-text", "false").logText).isFalse();
        assertThat(parsed(Map.of(), "--config", config.toString(), "--strict-plugins").strictPlugins).isTrue();
    }

    @Test
    void anUnknownKeyIsAnErrorNamingTheFileAndLine() throws IOException {
        Path config = file("port = 4000", "# fine so far", "idle-timout = 30s");

        CommandLines.Outcome outcome = execute(Map.of(), "--config", config.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).startsWith("chat-server: " + config + ":3: unknown setting 'idle-timout'");
    }

    @Test
    void aBadValueIsAnErrorNamingTheFileAndLine() throws IOException {
        Path config = file("port = 4000", "idle-timeout = never");

        CommandLines.Outcome outcome = execute(Map.of(), "--config", config.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine())
                .startsWith("chat-server: " + config + ":2: invalid value for idle-timeout: 'never' is not a positive duration");
    }

    @Test
    void aValueCheckedAfterParsingAlsoNamesTheFileAndLine() throws IOException {
        Path config = file("max-line = 8");

        CommandLines.Outcome outcome = execute(Map.of(), "--config", config.toString());

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).startsWith("chat-server: " + config + ":1: invalid value for max-line: 8 is below");
    }

    @Test
    void aMalformedLineAMissingFileAndATwiceSetKeyAreErrorsToo() throws IOException {
        Path config = file("port 4000");
        assertThat(execute(Map.of(), "--config", config.toString()).onlyErrorLine())
                .startsWith("chat-server: " + config + ":1: expected 'key = value'");

        Path missing = dir.resolve("absent.conf");
        CommandLines.Outcome absent = execute(Map.of(), "--config", missing.toString());
        assertThat(absent.exitCode()).isEqualTo(2);
        assertThat(absent.onlyErrorLine()).startsWith("chat-server: cannot read config file " + missing);

        Path twice = file("port = 4000", "port = 4001");
        assertThat(execute(Map.of(), "--config", twice.toString()).onlyErrorLine())
                .startsWith("chat-server: " + twice + ":2: 'port' is already set on line 1");
    }

    @Test
    void configPrintsEachSettingAndWhereItCameFrom() throws IOException {
        Path config = file("idle-timeout = 30s", "login-timeout = 20s", "tls-key-password = secret",
                "tls-port = 4443", "tls-cert = " + dir.resolve("keystore.p12"));

        CommandLines.Outcome outcome = execute(Map.of("CHAT_LOGIN_TIMEOUT", "15s"),
                "--config", config.toString(), "--port", "4100", "config");

        assertThat(outcome.exitCode()).as(outcome.err()).isZero();
        assertThat(outcome.out().lines())
                .anyMatch(line -> line.matches("port = 4100 +# flag"))
                .anyMatch(line -> line.matches("login-timeout = 15s +# environment CHAT_LOGIN_TIMEOUT"))
                .anyMatch(line -> line.matches("idle-timeout = 30s +# " + java.util.regex.Pattern.quote(config + ":1")))
                .anyMatch(line -> line.matches("shutdown-grace = 5s +# default"))
                .anyMatch(line -> line.matches("log-text = false +# default"))
                .anyMatch(line -> line.equals("# tls-bind is not set"))
                .anyMatch(line -> line.matches("tls-key-password = \\(hidden\\) +# .*:3"))
                .noneMatch(line -> line.contains("secret"));
    }

    @Test
    void configChecksTheSettingsAsAStartWould() throws IOException {
        Path config = file("send-queue = 1KiB", "max-line = 2KiB");

        CommandLines.Outcome outcome = execute(Map.of(), "--config", config.toString(), "config");

        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).contains(config + ":1: invalid value for send-queue");
    }

    @Test
    void theConfigOutputIsItselfAValidConfigFile() throws IOException {
        Path config = file("idle-timeout = 45s", "exempt = none");
        CommandLines.Outcome printed = execute(Map.of(), "--config", config.toString(), "config");
        Path again = Files.writeString(dir.resolve("again.conf"), printed.out());

        ServerConfig reread = configFor(Map.of(), "--config", again.toString());

        assertThat(reread.idleTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(reread.exempt()).isEmpty();
        assertThat(reread).isEqualTo(configFor(Map.of(), "--config", config.toString()));
    }
}
