package io.socketchat.console;

import io.socketchat.server.Cidr;
import io.socketchat.server.ServerConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hardening flags: defaults, flags, environment variables, and one-line errors. */
class LimitOptionsTest {

    @Test
    void defaultsMatchTheDocumentation() {
        ServerConfig config = parse(Map.of());

        assertThat(config.maxClients()).isEqualTo(ServerConfig.defaultMaxClients());
        assertThat(config.maxPerIp()).isEqualTo(50);
        assertThat(config.exempt()).isEqualTo(Cidr.LOOPBACK);
        assertThat(config.loginTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.floodRate()).isEqualTo(10);
        assertThat(config.floodBurst()).isEqualTo(40);
    }

    @Test
    void maxClientsAutoFollowsTheOpenFileLimit() {
        assertThat(parse(Map.of(), "--max-clients", "auto").maxClients()).isEqualTo(ServerConfig.defaultMaxClients());
        assertThat(parse(Map.of("CHAT_MAX_CLIENTS", "AUTO")).maxClients()).isEqualTo(ServerConfig.defaultMaxClients());
        assertThat(run(Map.of(), "--max-clients", "some")).contains("--max-clients", "'some'", "auto");
    }

    @Test
    void flagsSetEveryLimit() {
        ServerConfig config = parse(Map.of(), "--max-clients", "500", "--max-per-ip", "2", "--exempt", "10.0.0.0/8,fd00::/8",
                "--login-timeout", "1500ms", "--flood-rate", "0", "--flood-burst", "5");

        assertThat(config.maxClients()).isEqualTo(500);
        assertThat(config.maxPerIp()).isEqualTo(2);
        assertThat(config.exempt()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("fd00::/8"));
        assertThat(config.loginTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(config.limitsFloods()).isFalse();
        assertThat(config.floodBurst()).isEqualTo(5);
    }

    @Test
    void environmentVariablesSetThemToo() {
        ServerConfig config = parse(Map.of("CHAT_MAX_CLIENTS", "7", "CHAT_MAX_PER_IP", "3", "CHAT_EXEMPT", "none",
                "CHAT_LOGIN_TIMEOUT", "30s", "CHAT_FLOOD_RATE", "20", "CHAT_FLOOD_BURST", "60"));

        assertThat(config.maxClients()).isEqualTo(7);
        assertThat(config.maxPerIp()).isEqualTo(3);
        assertThat(config.exempt()).isEmpty();
        assertThat(config.loginTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.floodRate()).isEqualTo(20);
        assertThat(config.floodBurst()).isEqualTo(60);
    }

    @Test
    void badValuesEndWithOneLineNamingTheFlagOrVariable() {
        assertThat(run(Map.of(), "--exempt", "localhost")).startsWith("chat-server: ").contains("--exempt", "'localhost'");
        assertThat(run(Map.of(), "--max-per-ip", "0")).contains("--max-per-ip");
        assertThat(run(Map.of(), "--flood-rate", "-1")).contains("--flood-rate");
        assertThat(run(Map.of("CHAT_MAX_CLIENTS", "many"), new String[0])).contains("CHAT_MAX_CLIENTS");
    }

    private static ServerConfig parse(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return ((ServerCommand) commandLine.getCommand()).toConfig();
    }

    /** Runs the command with arguments that must be refused; returns its error output. */
    private static String run(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString().lines().findFirst().orElse("");
    }
}
