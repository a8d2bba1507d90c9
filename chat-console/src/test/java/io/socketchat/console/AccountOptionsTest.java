package io.socketchat.console;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.Cidr;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The accounts' flags: defaults, flags, environment variables, and one-line errors. */
class AccountOptionsTest {

    @Test
    void defaultsAreTheSettingsDefaults() {
        assertThat(parsed(Map.of()).accounts.settings()).isEqualTo(AccountSettings.DEFAULTS);
    }

    @Test
    void flagsSetEveryAccountSetting() {
        AccountSettings settings = parsed(Map.of(), "--offline-max", "7", "--plaintext-auth-from", "none",
                "--argon2-memory", "65536", "--argon2-iterations", "3", "--argon2-parallelism", "2",
                "--hash-threads", "3", "--hash-queue", "9", "--auth-failures", "4", "--auth-failure-window", "90s",
                "--allow-multi-login")
                .accounts.settings();
        assertThat(settings).isEqualTo(new AccountSettings(7, List.of(), new AccountSettings.Argon2(65536, 3, 2), 3, 9, 4,
                Duration.ofSeconds(90), true));
    }

    @Test
    void environmentVariablesSetThemToo() {
        AccountSettings settings = parsed(Map.of("CHAT_OFFLINE_MAX", "5", "CHAT_PLAINTEXT_AUTH_FROM", "10.0.0.0/8",
                "CHAT_ARGON2_MEMORY", "8192", "CHAT_AUTH_FAILURE_WINDOW", "1m")).accounts.settings();
        assertThat(settings.offlineMax()).isEqualTo(5);
        assertThat(settings.plaintextAuthFrom()).containsExactly(Cidr.parse("10.0.0.0/8"));
        assertThat(settings.argon2().memoryKiB()).isEqualTo(8192);
        assertThat(settings.failureWindow()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void badValuesEndWithOneLineNamingTheFlagOrVariable() {
        assertThat(run(Map.of(), "--offline-max", "lots")).startsWith("chat-server: ").contains("--offline-max");
        assertThat(run(Map.of(), "--plaintext-auth-from", "not-an-address")).contains("--plaintext-auth-from");
        assertThat(run(Map.of("CHAT_HASH_QUEUE", "0"))).contains("CHAT_HASH_QUEUE");
        assertThat(run(Map.of(), "--argon2-memory", "4")).contains("Argon2 memory");
    }

    @Test
    void helpExplainsEachOption() {
        String help = ServerCommand.commandLine(Map.of()).getUsageMessage();
        assertThat(help).contains("--offline-max", "--plaintext-auth-from", "--argon2-memory", "--argon2-iterations",
                "--argon2-parallelism", "--hash-threads", "--hash-queue", "--auth-failures", "--auth-failure-window",
                "ERR tls-required", "CHAT_PLAINTEXT_AUTH_FROM");
    }

    private static ServerCommand parsed(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    private static String run(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        StringWriter err = new StringWriter();
        commandLine.setErr(new PrintWriter(err));
        int exit = commandLine.execute(args);
        assertThat(exit).isEqualTo(2);
        return err.toString().lines().findFirst().orElse("");
    }
}
