package io.socketchat.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The resident set size of a process on this machine, from {@code /proc/<pid>/status}. */
final class ServerMemory {

    /** VmRSS (now) and VmHWM (the kernel's high-water mark since the process started), in KiB; -1 when unknown. */
    record Status(long rssKib, long hwmKib) {
        static final Status UNKNOWN = new Status(-1, -1);
    }

    private ServerMemory() {
    }

    /** VmRSS in KiB, or -1 when there is no such process (or no pid was given). */
    static long rssKib(long pid) {
        return status(pid).rssKib();
    }

    /** VmRSS and VmHWM of {@code pid}, or {@link Status#UNKNOWN}. */
    static Status status(long pid) {
        if (pid <= 0) {
            return Status.UNKNOWN;
        }
        try {
            return parseStatus(Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")));
        } catch (IOException | RuntimeException e) {
            return Status.UNKNOWN;
        }
    }

    /** VmRSS and VmHWM from the lines of a {@code /proc/<pid>/status} file. */
    static Status parseStatus(List<String> lines) {
        long rss = -1;
        long hwm = -1;
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        return new Status(rss, hwm);
    }

    private static long kib(String line) {
        try {
            return Long.parseLong(line.substring(6).replace("kB", "").trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The process that listens on TCP {@code port} on this machine, found through
     * {@code /proc/net/tcp} (and tcp6) and the socket links in {@code /proc/<pid>/fd}; 0 when
     * none is found (or it belongs to a user whose descriptors this one cannot read).
     */
    static long listenerPid(int port) {
        long inode = listeningInode(port);
        if (inode <= 0) {
            return 0;
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        try {
                            if (Files.readSymbolicLink(fd).toString().equals(target)) {
                                return Long.parseLong(process.getFileName().toString());
                            }
                        } catch (IOException ignored) {
                            // closed meanwhile
                        }
                    }
                } catch (IOException | SecurityException ignored) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static long listeningInode(int port) {
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            try {
                long inode = listeningInode(Files.readAllLines(Path.of(table)), port);
                if (inode > 0) {
                    return inode;
                }
            } catch (IOException ignored) {
                // no such table here
            }
        }
        return 0;
    }

    /** The inode of the socket in state LISTEN (0A) on {@code port} in a /proc/net/tcp table, or 0. */
    static long listeningInode(List<String> table, int port) {
        String portHex = ":" + String.format(Locale.ROOT, "%04X", port);
        for (int i = 1; i < table.size(); i++) {
            String[] fields = table.get(i).trim().split("\\s+");
            if (fields.length > 9 && fields[1].endsWith(portHex) && fields[3].equals("0A")) {
                try {
                    return Long.parseLong(fields[9]);
                } catch (NumberFormatException ignored) {
                    // malformed row
                }
            }
        }
        return 0;
    }
}
