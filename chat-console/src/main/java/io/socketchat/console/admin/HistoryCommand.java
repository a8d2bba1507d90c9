package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code history purge #room}: delete a room's stored messages, for moderation. */
@Command(name = "history", description = "Act on stored history.", subcommands = HistoryCommand.Purge.class)
final class HistoryCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    AdminCommands admin;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "purge", description = {
            "Delete every stored message of a room (members and topic stay).",
            "Fails (exit 1) if no such room is known."})
    static final class Purge implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "#ROOM", description = "The room, e.g. #java (matched ignoring case).")
        String room;

        @ParentCommand
        HistoryCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            long deleted = parent.admin.target().purgeHistory(room);
            if (deleted < 0) {
                spec.commandLine().getErr().println("history purge: no such room: " + room);
                return CommandResult.FAILED;
            }
            spec.commandLine().getOut().println("purged " + room + " (" + deleted + (deleted == 1 ? " message)" : " messages)"));
            return CommandResult.OK;
        }
    }
}
