package io.socketchat.console.admin;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code reload}: what SIGHUP does, with the answer on the console. */
@Command(name = "reload", description = {
        "Read the config file again (as SIGHUP does) and apply what can change live:",
        "idle and login timeouts, connection limits, flood control, log level, and the",
        "TLS certificate files. Settings that need a restart (ports, ...) are named.",
        "If the file is bad, the running settings stay and the answer says why (exit 1)."})
final class ReloadCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try {
            spec.commandLine().getOut().println(admin.target().reload());
            return CommandResult.OK;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("reload: " + e.getMessage() + "; the running settings stay");
            return CommandResult.FAILED;
        }
    }
}
