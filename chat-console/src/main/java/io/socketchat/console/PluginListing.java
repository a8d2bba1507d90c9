package io.socketchat.console;

import io.socketchat.server.PluginReport;
import io.socketchat.server.PluginReport.CommandEntry;
import io.socketchat.server.PluginReport.PluginError;

import java.util.ArrayList;
import java.util.List;

/**
 * The operator's {@code plugins} listing: one row per command the server serves (word,
 * module, module version, plugin jar or {@code (built-in)}), then one line per refused jar.
 * Plain text lines, so any console can print them:
 * <pre>
 * COMMAND  MODULE                      VERSION  JAR
 * DM       io.socketchat.commands      0.1.0    (built-in)
 * ROLL     io.socketchat.example.roll  0.1.0    plugins/plugin-roll-0.1.0.jar
 * refused: plugins/old.jar: built for SPI 2.0, this server has SPI 1.0: ...
 * </pre>
 */
public final class PluginListing {

    private static final String[] HEADER = {"COMMAND", "MODULE", "VERSION", "JAR"};

    private PluginListing() {
    }

    /** The listing of a running server's {@link io.socketchat.server.ChatServer#plugins()}. */
    public static List<String> lines(PluginReport report) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (CommandEntry command : report.commands()) {
            rows.add(new String[]{
                    command.word(),
                    command.module(),
                    command.version().isEmpty() ? "-" : command.version(),
                    command.builtIn() ? "(built-in)" : command.jar().toString()});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length - 1; i++) {
                line.append(row[i]).append(" ".repeat(widths[i] - row[i].length() + 2));
            }
            lines.add(line.append(row[row.length - 1]).toString());
        }
        for (PluginError error : report.errors()) {
            lines.add("refused: " + error.jar() + ": " + error.reason());
        }
        return lines;
    }
}
