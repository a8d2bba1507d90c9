package io.socketchat.bench;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** A scenario's figures in order: printed as an aligned table for people or one JSON line for scripts. */
final class Report {

    private final String scenario;
    private final Map<String, Object> values = new LinkedHashMap<>();

    Report(String scenario) {
        this.scenario = scenario;
        values.put("scenario", scenario);
    }

    Report put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    Object get(String key) {
        return values.get(key);
    }

    void print(PrintStream out, boolean json) {
        out.println(json ? toJson() : toTable());
        out.flush();
    }

    String toTable() {
        int width = 0;
        for (String key : values.keySet()) {
            width = Math.max(width, key.length());
        }
        StringBuilder table = new StringBuilder();
        table.append("chat-bench ").append(scenario).append('\n');
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (entry.getKey().equals("scenario")) {
                continue;
            }
            table.append("  ").append(String.format(Locale.ROOT, "%-" + width + "s", entry.getKey()))
                    .append("  ").append(text(entry.getValue())).append('\n');
        }
        return table.toString().stripTrailing();
    }

    String toJson() {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(entry.getKey()).append("\":");
            Object value = entry.getValue();
            if (value instanceof Number || value instanceof Boolean) {
                json.append(text(value));
            } else {
                json.append('"').append(String.valueOf(value).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return json.append('}').toString();
    }

    private static String text(Object value) {
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, "%.3f", d);
        }
        return String.valueOf(value);
    }
}
