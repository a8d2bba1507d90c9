package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code kick <user> [reason...]}: disconnect one user with a notice. */
@Command(name = "kick", description = {
        "Disconnect a user, with an optional reason.",
        "It reads 'INFO kicked by operator[: reason]', the others 'INFO <user> disconnected'.",
        "In a cluster it reaches a user of any node.",
        "Fails (exit 1) if no such user is logged in."})
final class KickCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "USER", description = "Who to disconnect.")
    String user;

    @Parameters(index = "1..*", paramLabel = "REASON", description = "Why, shown to the user (optional).")
    List<String> reason;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String why = reason == null || reason.isEmpty() ? null : String.join(" ", reason);
        if (!admin.target().kick(user, why)) {
            spec.commandLine().getErr().println("kick: no such user: " + user);
            return CommandResult.FAILED;
        }
        spec.commandLine().getOut().println("kicked " + user + (why == null ? "" : " (" + why + ")"));
        return CommandResult.OK;
    }
}
