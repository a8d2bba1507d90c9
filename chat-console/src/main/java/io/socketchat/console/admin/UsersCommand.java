package io.socketchat.console.admin;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.UserInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code users [--all] [--json | --names]}: who is logged in. */
@Command(name = "users", description = {
        "List logged-in users of this node.",
        "Name, remote address, connected for, idle for, bytes queued to it.",
        "With --all, in a cluster: every node's users, name and node."})
final class UsersCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @Option(names = "--names", description = "Only the names, one per line.")
    boolean names;

    @Option(names = "--all", description = "Every node of the cluster: name and node.")
    boolean all;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<UserInfo> users = admin.target().users();
        PrintWriter out = spec.commandLine().getOut();
        if (all) {
            printCluster(users, out);
            return 0;
        }
        if (json) {
            out.println(toJson(users));
        } else if (names) {
            users.forEach(user -> out.println(user.name()));
        } else {
            printTable(users, out);
        }
        return 0;
    }

    /** Every node's users, sorted by name: this node's as {@code (this node)}. */
    private void printCluster(List<UserInfo> users, PrintWriter out) {
        java.util.Map<String, String> everyone = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        users.forEach(user -> everyone.put(user.name(), "(this node)"));
        everyone.putAll(admin.target().usersElsewhere());
        if (json) {
            StringBuilder array = new StringBuilder("[");
            everyone.forEach((name, node) -> array.append(array.length() > 1 ? "," : "")
                    .append("{\"name\":").append(Quoted.json(name)).append(",\"node\":")
                    .append(node.equals("(this node)") ? "null" : Quoted.json(node)).append('}'));
            out.println(array.append(']'));
        } else if (names) {
            everyone.keySet().forEach(out::println);
        } else {
            List<String[]> rows = new java.util.ArrayList<>();
            everyone.forEach((name, node) -> rows.add(new String[] {name, node}));
            String[] header = {"NAME", "NODE"};
            int[] widths = {header[0].length(), header[1].length()};
            for (String[] row : rows) {
                widths[0] = Math.max(widths[0], row[0].length());
                widths[1] = Math.max(widths[1], row[1].length());
            }
            printRow(header, widths, out);
            rows.forEach(row -> printRow(row, widths, out));
            out.println("(" + rows.size() + (rows.size() == 1 ? " user)" : " users)"));
        }
    }

    private static void printTable(List<UserInfo> users, PrintWriter out) {
        String[] header = {"NAME", "REMOTE", "CONNECTED", "IDLE", "QUEUED"};
        List<String[]> rows = users.stream()
                .map(user -> new String[] {user.name(), user.remoteAddress(),
                        Durations.format(user.connectedFor()), Durations.format(user.idleFor()),
                        Long.toString(user.queuedBytes())})
                .toList();
        int[] widths = new int[header.length];
        for (int column = 0; column < header.length; column++) {
            widths[column] = header[column].length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        printRow(header, widths, out);
        rows.forEach(row -> printRow(row, widths, out));
        out.println("(" + users.size() + (users.size() == 1 ? " user)" : " users)"));
    }

    private static void printRow(String[] cells, int[] widths, PrintWriter out) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            line.append(cells[column]).append(" ".repeat(widths[column] - cells[column].length() + 2));
        }
        out.println(line.toString().stripTrailing());
    }

    static String toJson(List<UserInfo> users) {
        StringBuilder json = new StringBuilder("[");
        for (UserInfo user : users) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("{\"name\":").append(Quoted.json(user.name()))
                    .append(",\"remoteAddress\":").append(Quoted.json(user.remoteAddress()))
                    .append(",\"connectedMillis\":").append(user.connectedFor().toMillis())
                    .append(",\"idleMillis\":").append(user.idleFor().toMillis())
                    .append(",\"queuedBytes\":").append(user.queuedBytes())
                    .append('}');
        }
        return json.append(']').toString();
    }
}
