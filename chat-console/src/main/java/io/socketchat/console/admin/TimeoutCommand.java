package io.socketchat.console.admin;

import io.socketchat.console.Converters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code timeout [duration]}: show or change the idle timeout of every session. */
@Command(name = "timeout", description = {
        "Show the idle timeout, or change it for every session.",
        "Applies from now on, connected sessions included.",
        "Durations: 500ms, 60s, 5m, 1h (a bare number is seconds)."})
final class TimeoutCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DURATION", converter = Converters.Timeout.class,
            description = "New idle timeout.")
    Duration timeout;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Duration before = admin.target().idleTimeout();
        if (timeout == null) {
            spec.commandLine().getOut().println("idle timeout " + Durations.format(before));
            return CommandResult.OK;
        }
        admin.target().setIdleTimeout(timeout);
        spec.commandLine().getOut().println("idle timeout " + Durations.format(timeout)
                + " (was " + Durations.format(before) + ")");
        return CommandResult.OK;
    }
}
