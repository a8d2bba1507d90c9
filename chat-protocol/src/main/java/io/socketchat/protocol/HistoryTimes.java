package io.socketchat.protocol;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The time of a {@code HIST} line: UTC, ISO-8601, always with milliseconds ({@code 2025-12-03T17:35:00.120Z}). */
public final class HistoryTimes {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private HistoryTimes() {
    }

    public static String format(Instant time) {
        return FORMAT.format(time);
    }
}
