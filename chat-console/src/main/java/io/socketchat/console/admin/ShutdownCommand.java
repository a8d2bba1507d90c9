package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code shutdown} (alias {@code quit}, {@code exit}): graceful shutdown, as on SIGTERM. */
@Command(name = "shutdown", aliases = {"quit", "exit"}, description = {
        "Shut the server down gracefully, as on SIGTERM.",
        "Clients read 'INFO server shutting down'.",
        "In an attached shell ('chat-server admin'), quit and exit only detach."})
final class ShutdownCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("shutting down");
        admin.target().shutdown();
        return CommandResult.OK;
    }
}
