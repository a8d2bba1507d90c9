package io.socketchat.console.admin;

import io.socketchat.console.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code port [n]}: show the port, or move the listener without dropping anyone. */
@Command(name = "port", description = {
        "Show the listening port, or move the listener to port N.",
        "N is bound first, then the old port closed; connected clients stay connected.",
        "If N cannot be bound, the old port keeps serving (exit 1)."})
final class PortCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "N", converter = Converters.Port.class,
            description = "New port (0 picks a free one).")
    Integer port;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        int before = admin.target().port();
        if (port == null) {
            spec.commandLine().getOut().println("port " + before);
            return CommandResult.OK;
        }
        try {
            admin.target().changePort(port);
        } catch (IOException e) {
            spec.commandLine().getErr().println("port: cannot listen on port " + port + ": " + e.getMessage()
                    + "; still listening on port " + before);
            return CommandResult.FAILED;
        }
        spec.commandLine().getOut().println("port " + admin.target().port() + " (was " + before + ")");
        return CommandResult.OK;
    }
}
