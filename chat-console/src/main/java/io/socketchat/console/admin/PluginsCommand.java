package io.socketchat.console.admin;

import io.socketchat.console.PluginListing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code plugins}: every command with its module, version and jar, then refused jars. */
@Command(name = "plugins", description = {
        "List every command: its module, version and plugin jar (or built-in).",
        "Plugin jars refused at start follow, with the reason."})
final class PluginsCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PluginListing.lines(admin.target().plugins()).forEach(out::println);
        return CommandResult.OK;
    }
}
