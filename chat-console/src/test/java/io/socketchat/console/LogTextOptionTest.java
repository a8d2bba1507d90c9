package io.socketchat.console;

import io.socketchat.testkit.ServerProcess;
import io.socketchat.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --log-text} ({@code CHAT_LOG_TEXT=true}): message text in the {@code [MSG]} and
 * {@code [DM]} log lines only when the operator asks for it.
 */
class LogTextOptionTest {

    private static final Pattern STARTED = Pattern.compile(".*\\[START] .* port=(\\d+) .*");

    @TempDir
    Path work;

    private static boolean logText(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return commandLine.<ServerCommand>getCommand().toConfig().logText();
    }

    @Test
    void offByDefaultOnWithTheFlagOrItsVariable() {
        assertThat(logText(Map.of())).as("no flag, no variable").isFalse();
        assertThat(logText(Map.of(), "--log-text")).as("--log-text").isTrue();
        assertThat(logText(Map.of("CHAT_LOG_TEXT", "true"))).as("CHAT_LOG_TEXT=true").isTrue();
        assertThat(logText(Map.of("CHAT_LOG_TEXT", "false"))).as("CHAT_LOG_TEXT=false").isFalse();
    }

    @Test
    void helpSaysPrivateMessagesStayOutOfTheLogUnlessAskedFor() {
        CommandLine commandLine = ServerCommand.commandLine(Map.of());
        StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        assertThat(commandLine.execute("--help")).isZero();
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--log-text", "text=\"...\"", "bytes=N",
                "private messages stay out of the operators' logs unless asked for", "CHAT_LOG_TEXT=true");
    }

    @Test
    void withLogTextTheLinesCarryTheTextAndTheRecipientAsItLoggedIn() throws Exception {
        try (ServerProcess server = ModulePathLaunch.start(work, Map.of(),
                "--bind", "127.0.0.1", "--port", "0", "--no-admin-socket", "--log-text")) {
            Matcher started = STARTED.matcher(server.awaitOutput(line -> STARTED.matcher(line).matches()));
            assertThat(started.matches()).isTrue();
            int port = Integer.parseInt(started.group(1));
            try (TestClient ann = TestClient.login(port, "ann");
                 TestClient bob = TestClient.login(port, "Bob")) {
                ann.send("MSG hello \"all\"");
                assertThat(bob.readLine()).isEqualTo("MSG ann hello \"all\"");
                ann.send("DM bOB hi \u00e9"); // typed in other case; é is 2 bytes
                assertThat(bob.readLine()).isEqualTo("DM ann hi \u00e9");
            }
            assertThat(server.awaitOutput(line -> line.contains("[MSG] ")))
                    .endsWith(" INFO  [MSG] from=ann bytes=11 text=\"hello \\\"all\\\"\"");
            assertThat(server.awaitOutput(line -> line.contains("[DM] ")))
                    .endsWith(" INFO  [DM] from=ann to=Bob bytes=5 text=\"hi \u00e9\"");
            server.terminate();
            assertThat(server.awaitExit()).isZero();
        }
    }
}
