package io.socketchat.console;

import picocli.CommandLine;

/** Entry point of {@code chat-server}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(ServerCommand.commandLine(System.getenv()).execute(args));
    }
}
