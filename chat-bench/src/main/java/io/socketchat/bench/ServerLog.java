package io.socketchat.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStreamReader;
import java.util.stream.Stream;

/**
 * Counts a tag's lines in the server's log by their {@code reason=} value, e.g. the
 * {@code [SLOW] user=... remote=... queued=... reason=server-memory} lines of clients the
 * server cut. Reads the log from a byte offset, so a scenario counts only its own lines.
 */
final class ServerLog {

    private ServerLog() {
    }

    /** The log's size now (where a scenario's own lines will start), 0 when it cannot be read. */
    static long size(Path log) {
        try {
            return log == null ? 0 : Files.size(log);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Lines from byte {@code from} on that contain {@code tag}, counted by their {@code reason=}. */
    static Tally reasons(Path log, long from, String tag) throws IOException {
        Tally tally = new Tally();
        try (var in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(from, Files.size(log)));
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
                count(reader.lines(), tag, tally);
            }
        }
        return tally;
    }

    static void count(Stream<String> lines, String tag, Tally tally) {
        lines.filter(line -> line.contains(tag)).forEach(line -> tally.add(reason(line)));
    }

    /** The value of {@code reason=} (up to the next space), or {@code ?} when the line has none. */
    static String reason(String line) {
        int at = line.indexOf(" reason=");
        if (at < 0) {
            return "?";
        }
        int start = at + " reason=".length();
        int end = line.indexOf(' ', start);
        return line.substring(start, end < 0 ? line.length() : end);
    }
}
