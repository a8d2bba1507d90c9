package io.socketchat.console.admin;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.cluster.ClusterLink.NodeStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code nodes [--json]}: the nodes of the cluster. */
@Command(name = "nodes", description = {
        "List the nodes of the cluster (--cluster): id, users, time since the last heartbeat; '*' marks this one.",
        "Fails (exit 1) on a node of its own, or when Redis cannot be reached."})
final class NodesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<NodeStatus> nodes;
        try {
            nodes = admin.target().nodes();
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        if (nodes.isEmpty()) {
            spec.commandLine().getErr().println("not in a cluster (start with --cluster redis://HOST:PORT)");
            return 1;
        }
        Instant now = Instant.now();
        if (json) {
            StringBuilder array = new StringBuilder("[");
            for (NodeStatus node : nodes) {
                if (array.length() > 1) {
                    array.append(',');
                }
                array.append("{\"id\":").append(Quoted.json(node.id()))
                        .append(",\"users\":").append(node.users())
                        .append(",\"heartbeatAgoMillis\":").append(Duration.between(node.lastHeartbeat(), now).toMillis())
                        .append(",\"self\":").append(node.self()).append('}');
            }
            out.println(array.append(']'));
            return 0;
        }
        int width = Math.max(4, nodes.stream().mapToInt(node -> node.id().length() + 2).max().orElse(0));
        out.println(String.format("%-" + width + "s  %6s  %s", "NODE", "USERS", "HEARTBEAT"));
        for (NodeStatus node : nodes) {
            out.println(String.format("%-" + width + "s  %6d  %s ago", (node.self() ? "* " : "  ") + node.id(),
                    node.users(), Durations.format(Duration.between(node.lastHeartbeat(), now))));
        }
        out.println("(" + nodes.size() + (nodes.size() == 1 ? " node)" : " nodes)"));
        return 0;
    }
}
