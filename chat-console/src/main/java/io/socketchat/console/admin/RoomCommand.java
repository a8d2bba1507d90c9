package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code room close #room [--purge]}: empty a room, and forget it with {@code --purge}. */
@Command(name = "room", description = "Act on one room.", subcommands = RoomCommand.Close.class)
final class RoomCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @ParentCommand
    AdminCommands admin;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "close", description = {
            "Close a room: each member reads 'INFO #room closed by operator' and 'PART #room <its name>'",
            "and is out of it. Its history and topic stay unless --purge is given.",
            "Fails (exit 1) if no such room is known."})
    static final class Close implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "#ROOM", description = "The room, e.g. #java (matched ignoring case).")
        String room;

        @Option(names = "--purge", description = "Also delete its stored messages and topic.")
        boolean purge;

        @ParentCommand
        RoomCommand parent;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            int removed = parent.admin.target().closeRoom(room, purge);
            if (removed < 0) {
                spec.commandLine().getErr().println("room close: no such room: " + room);
                return CommandResult.FAILED;
            }
            spec.commandLine().getOut().println("closed " + room + " (" + removed + (removed == 1 ? " member" : " members")
                    + " removed" + (purge ? ", history purged)" : ", history kept)"));
            return CommandResult.OK;
        }
    }
}
