package io.socketchat.console;

import io.socketchat.server.ServerConfig;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The chat-server command line as the launcher builds it, for the option tests. */
final class CommandLines {

    /** What running the command printed and returned. */
    record Outcome(int exitCode, String out, String err) {
        String onlyErrorLine() {
            assertThat(err.lines().toList()).as("stderr: %s", err).hasSize(1);
            return err.lines().findFirst().orElseThrow();
        }
    }

    private CommandLines() {
    }

    /** Parses as the launcher would and returns the command, options set. */
    static ServerCommand parsed(Map<String, String> environment, String... args) {
        CommandLine commandLine = ServerCommand.commandLine(environment);
        commandLine.parseArgs(args);
        return commandLine.getCommand();
    }

    /** Parses as the launcher would and returns the server configuration it leads to. */
    static ServerConfig configFor(Map<String, String> environment, String... args) {
        return parsed(environment, args).toConfig();
    }

    /** Runs the command line; only for arguments that must not start a server. */
    static Outcome execute(Map<String, String> environment, String... args) {
        return assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CommandLine commandLine = ServerCommand.commandLine(environment);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            commandLine.setOut(new PrintWriter(out, true));
            commandLine.setErr(new PrintWriter(err, true));
            int exitCode = commandLine.execute(args);
            return new Outcome(exitCode, out.toString(), err.toString());
        }, "the command ran a server instead of failing");
    }
}
