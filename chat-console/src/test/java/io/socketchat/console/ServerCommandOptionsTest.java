package io.socketchat.console;

import io.socketchat.server.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static io.socketchat.console.CommandLines.configFor;
import static io.socketchat.console.CommandLines.execute;
import static io.socketchat.console.CommandLines.parsed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options: flags beat environment variables beat defaults; bad values end with exit code 2
 * and one line naming the flag or variable. Valid command lines are only parsed here (running
 * them would start a server); invalid ones are executed, which stops before any server starts.
 */
class ServerCommandOptionsTest {

    @Test
    void defaultsWithoutFlagsOrEnvironment() {
        ServerConfig config = configFor(Map.of());
        assertThat(config.port()).isEqualTo(4000);
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxLineBytes()).isEqualTo(64 * 1024);
        assertThat(config.sendQueueBytes()).isEqualTo(1024 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(5));
        assertThat(parsed(Map.of()).logLevel).isEqualTo(LogLevel.INFO);
    }

    @Test
    void everyFlagIsApplied() {
        ServerConfig config = configFor(Map.of(), "--port", "4100", "--bind", "127.0.0.1", "--idle-timeout", "90s",
                "--max-line", "1KiB", "--send-queue", "2MiB", "--shutdown-grace", "500ms");
        assertThat(config.port()).isEqualTo(4100);
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.maxLineBytes()).isEqualTo(1024);
        assertThat(config.sendQueueBytes()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(parsed(Map.of(), "--log-level", "debug").logLevel).isEqualTo(LogLevel.DEBUG);
    }

    @Test
    void everyFlagAlsoComesFromItsChatVariable() {
        Map<String, String> environment = Map.of(
                "CHAT_PORT", "4200",
                "CHAT_BIND", "127.0.0.1",
                "CHAT_IDLE_TIMEOUT", "5m",
                "CHAT_MAX_LINE", "2048",
                "CHAT_SEND_QUEUE", "64KiB",
                "CHAT_SHUTDOWN_GRACE", "2s",
                "CHAT_LOG_LEVEL", "warn");
        ServerConfig config = configFor(environment);
        assertThat(config.port()).isEqualTo(4200);
        assertThat(config.bindAddress().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.maxLineBytes()).isEqualTo(2048);
        assertThat(config.sendQueueBytes()).isEqualTo(64 * 1024);
        assertThat(config.shutdownGrace()).isEqualTo(Duration.ofSeconds(2));
        assertThat(parsed(environment).logLevel).isEqualTo(LogLevel.WARN);
    }

    @Test
    void portIsAcceptedLikeTheGoServerButChatPortWins() {
        assertThat(configFor(Map.of("PORT", "4300")).port()).isEqualTo(4300);
        assertThat(configFor(Map.of("PORT", "4300", "CHAT_PORT", "4301")).port()).isEqualTo(4301);
    }

    @Test
    void aFlagBeatsItsVariable() {
        Map<String, String> environment = Map.of("PORT", "4300", "CHAT_PORT", "4301", "CHAT_IDLE_TIMEOUT", "5m");
        ServerConfig config = configFor(environment, "--port", "4302", "--idle-timeout", "7s");
        assertThat(config.port()).isEqualTo(4302);
        assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(7));
    }

    @ParameterizedTest
    @CsvSource({"500ms, PT0.5S", "60s, PT60S", "45, PT45S", "5m, PT5M", "1h, PT1H", "PT30S, PT30S", "2 s, PT2S"})
    void durationsReadLikePeopleWriteThem(String text, Duration expected) {
        assertThat(configFor(Map.of(), "--idle-timeout", text).idleTimeout()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"65536, 65536", "64k, 65536", "64KB, 65536", "64KiB, 65536", "1m, 1048576", "1MiB, 1048576"})
    void sizesReadLikePeopleWriteThem(String text, long expected) {
        assertThat(configFor(Map.of(), "--send-queue", text).sendQueueBytes()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "--port, 70000", "--port, abc", "--port, -1",
            "--idle-timeout, 0s", "--idle-timeout, soon", "--idle-timeout, -5s",
            "--max-line, -1", "--max-line, 12x", "--max-line, 8", "--max-line, 3221225472",
            "--send-queue, 0", "--send-queue, 100",
            "--shutdown-grace, never",
            "--log-level, LOUD"})
    void anInvalidFlagValueExitsTwoWithOneLineNamingTheFlag(String flag, String value) {
        CommandLines.Outcome outcome = execute(Map.of(), flag, value);
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).startsWith("chat-server: ").contains(flag).contains(value);
        assertThat(outcome.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "CHAT_PORT, abc", "PORT, 99999",
            "CHAT_IDLE_TIMEOUT, never", "CHAT_MAX_LINE, big", "CHAT_MAX_LINE, 8",
            "CHAT_SEND_QUEUE, 100", "CHAT_SHUTDOWN_GRACE, 0", "CHAT_LOG_LEVEL, LOUD"})
    void anInvalidVariableExitsTwoWithOneLineNamingTheVariable(String variable, String value) {
        CommandLines.Outcome outcome = execute(Map.of(variable, value));
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).startsWith("chat-server: ").contains(variable).contains(value);
    }

    @Test
    void anUnknownFlagExitsTwoNamingIt() {
        CommandLines.Outcome outcome = execute(Map.of(), "--frobnicate");
        assertThat(outcome.exitCode()).isEqualTo(2);
        assertThat(outcome.onlyErrorLine()).contains("--frobnicate");
    }

    @Test
    void helpDescribesEveryOptionAndExitsZero() {
        CommandLines.Outcome outcome = execute(Map.of(), "--help");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.err()).isEmpty();
        assertThat(outcome.out()).startsWith("Usage: chat-server")
                .contains("--port", "--bind", "--idle-timeout", "--max-line", "--send-queue", "--log-level",
                        "--help", "--version", "CHAT_IDLE_TIMEOUT", "PORT");
    }

    @Test
    void versionNamesTheBuildAndExitsZero() {
        CommandLines.Outcome outcome = execute(Map.of(), "--version");
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.out()).startsWith("chat-server ").doesNotContain("unknown").doesNotContain("${");
        assertThat(outcome.out()).contains("JVM: " + Runtime.version());
    }

    @Test
    void theVariableNameIsChatPlusTheFlagInUpperSnakeCase() {
        assertThat(SettingSources.variableFor("--idle-timeout")).isEqualTo("CHAT_IDLE_TIMEOUT");
        assertThat(SettingSources.variableFor("--port")).isEqualTo("CHAT_PORT");
        assertThat(SettingSources.variableFor("--send-queue")).isEqualTo("CHAT_SEND_QUEUE");
    }

    @Test
    void theEngineIsTheLoopUnlessIoOrChatIoSaysVirtual() {
        assertThat(configFor(Map.of()).io()).isEqualTo(io.socketchat.server.IoEngine.LOOP);
        assertThat(configFor(Map.of(), "--io", "virtual").io()).isEqualTo(io.socketchat.server.IoEngine.VIRTUAL);
        assertThat(configFor(Map.of("CHAT_IO", "virtual")).io()).isEqualTo(io.socketchat.server.IoEngine.VIRTUAL);
        assertThat(configFor(Map.of("CHAT_IO", "virtual"), "--io", "loop").io()).isEqualTo(io.socketchat.server.IoEngine.LOOP);
        assertThat(execute(Map.of(), "--io", "threads").exitCode()).isEqualTo(2);
    }

    @Test
    void theMemoryBudgetAndTheLeaveNoticeRateAreOptions() {
        ServerConfig defaults = configFor(Map.of());
        assertThat(defaults.maxBufferedBytes()).isEqualTo(ServerConfig.defaultMaxBuffered());
        assertThat(defaults.leaveNoticesPerSecond()).isEqualTo(50);
        ServerConfig set = configFor(Map.of("CHAT_LEAVE_NOTICES", "7"), "--max-buffered", "256MiB");
        assertThat(set.maxBufferedBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(set.leaveNoticesPerSecond()).isEqualTo(7);
        assertThat(execute(Map.of(), "--max-buffered", "64KiB").onlyErrorLine()).contains("--max-buffered");
        assertThat(execute(Map.of(), "--help").out()).contains("--max-buffered").contains("--leave-notices")
                .contains("a quarter of the").contains(Converters.describeSize(ServerConfig.defaultMaxBuffered()) + " here");
    }
}
