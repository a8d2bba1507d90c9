package io.socketchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The resident set size of a process on this machine, from {@code /proc/<pid>/status}. */
final class ServerMemory {

    private ServerMemory() {
    }

    /** VmRSS in KiB, or -1 when there is no such process (or no pid was given). */
    static long rssKib(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).replace("kB", "").trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
