package io.socketchat.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings file ({@code --config}): one {@code key = value} a line, the keys being the long
 * option names without their dashes ({@code idle-timeout = 30s  # a comment}); blank lines and
 * lines starting with {@code #} are skipped. The values are the flags' values, checked by the
 * same converters.
 */
record ConfigFile(Path path, Map<String, Entry> entries) {

    /** One setting and the line it is on (1-based), for errors and {@code chat-server config}. */
    record Entry(String value, int line) {
    }

    /** A file that cannot be read or has a malformed line; the message names the file and line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    ConfigFile {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries)); // in file order, for errors
    }

    static ConfigFile read(Path path) throws Invalid {
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid("cannot read config file " + path + ": " + e);
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw new Invalid(where(path, number) + ": expected 'key = value', read '" + line + "'");
            }
            String key = line.substring(0, equals).strip();
            String value = value(line.substring(equals + 1).strip(), path, number);
            Entry earlier = entries.putIfAbsent(key, new Entry(value, number));
            if (earlier != null) {
                throw new Invalid(where(path, number) + ": '" + key + "' is already set on line " + earlier.line());
            }
        }
        return new ConfigFile(path, entries);
    }

    /**
     * The value: up to a comment ({@code #} after a blank) or, in double quotes, exactly what
     * they hold (for a value with {@code " #"} in it, or blanks at its ends).
     */
    private static String value(String text, Path path, int line) throws Invalid {
        if (text.startsWith("\"")) {
            int close = text.indexOf('"', 1);
            String rest = close < 0 ? "" : text.substring(close + 1).strip();
            if (close < 0 || !(rest.isEmpty() || rest.startsWith("#"))) {
                throw new Invalid(where(path, line) + ": a quoted value must end with its quote (and maybe a # comment)");
            }
            return text.substring(1, close);
        }
        for (int i = 1; i < text.length(); i++) {
            if (text.charAt(i) == '#' && Character.isWhitespace(text.charAt(i - 1))) {
                return text.substring(0, i).strip();
            }
        }
        return text.startsWith("#") ? "" : text;
    }

    /** {@code FILE:LINE}, as compilers name a place in a file. */
    static String where(Path path, int line) {
        return path + ":" + line;
    }

    String where(Entry entry) {
        return where(path, entry.line());
    }
}
