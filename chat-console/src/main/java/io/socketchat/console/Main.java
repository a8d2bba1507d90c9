package io.socketchat.console;

import io.socketchat.server.ChatServer;
import picocli.CommandLine;

/** Entry point of {@code chat-server}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        ChatServer.beforeFatalExit(Logging::flush); // the log's last line is then the [FATAL] one
        System.exit(ServerCommand.commandLine(System.getenv()).execute(args));
    }
}
