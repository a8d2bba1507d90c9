package io.socketchat.console.admin;

import io.socketchat.server.ServerStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code stats}: counters since start. */
@Command(name = "stats", description = {
        "Show uptime, connections, users, messages, queued bytes.",
        "Also the clients disconnected for being too slow to read."})
final class StatsCommand implements Callable<Integer> {

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        ServerStats stats = admin.target().stats();
        PrintWriter out = spec.commandLine().getOut();
        out.println("uptime            " + Durations.format(stats.uptime()));
        out.println("connections       " + stats.openConnections() + " open, " + stats.connectionsAccepted() + " accepted");
        out.println("users             " + stats.loggedInUsers());
        out.println("messages in       " + stats.linesIn());
        out.println("messages out      " + stats.linesOut());
        out.println("bytes queued      " + stats.queuedBytes());
        out.println("slow disconnects  " + stats.slowDisconnects());
        return CommandResult.OK;
    }
}
