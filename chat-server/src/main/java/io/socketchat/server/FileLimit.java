package io.socketchat.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * The process's open-file limit, which bounds how many clients it can hold: each is one file
 * descriptor. Read from {@code /proc/self/limits} (Linux); unknown elsewhere.
 */
final class FileLimit {

    /** Descriptors kept for everything but clients: jars, logs, selectors, the admin socket, plugins. */
    static final int RESERVED = 256;

    private FileLimit() {
    }

    /** The soft limit on open files, if this system tells. */
    static OptionalLong openFiles() {
        try {
            return parse(Files.readAllLines(Path.of("/proc/self/limits")));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Reads the soft limit from the lines of a {@code /proc/<pid>/limits} file. */
    static OptionalLong parse(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                String[] fields = line.substring("Max open files".length()).trim().split("\\s+");
                if (fields.length > 0 && fields[0].chars().allMatch(Character::isDigit) && !fields[0].isEmpty()) {
                    return OptionalLong.of(Long.parseLong(fields[0]));
                }
                return OptionalLong.empty(); // "unlimited"
            }
        }
        return OptionalLong.empty();
    }

    /** As many clients as the open-file limit allows after the reserve; {@code fallback} if unknown. */
    static int clientsWithin(OptionalLong openFiles, int fallback) {
        if (openFiles.isEmpty()) {
            return fallback;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, openFiles.getAsLong() - RESERVED));
    }
}
