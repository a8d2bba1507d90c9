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

/** {@code users [--json | --names]}: who is logged in. */
@Command(name = "users", description = {
        "List logged-in users.",
        "Name, remote address, connected for, idle for, bytes queued to it."})
final class UsersCommand implements Callable<Integer> {

    @Option(names = "--json", description = "One JSON array, for scripts.")
    boolean json;

    @Option(names = "--names", description = "Only the names, one per line.")
    boolean names;

    @ParentCommand
    AdminCommands admin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<UserInfo> users = admin.target().users();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(users));
        } else if (names) {
            users.forEach(user -> out.println(user.name()));
        } else {
            printTable(users, out);
        }
        return 0;
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
