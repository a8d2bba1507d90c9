package io.socketchat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The heap a server process holds after a full collection, read with the JDK's {@code jcmd}
 * ({@code GC.run}, then {@code GC.heap_info}): what its objects cost, whatever pages its
 * collector touched before.
 */
final class LiveHeap {

    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private LiveHeap() {
    }

    /** Kibibytes in use after a full collection (every generation), or -1 when jcmd is not at hand. */
    static long usedKib(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (pid <= 0 || !Files.isExecutable(jcmd)) {
            return -1;
        }
        if (run(jcmd, pid, "GC.run") == null) {
            return -1;
        }
        String info = run(jcmd, pid, "GC.heap_info");
        if (info == null) {
            return -1;
        }
        long used = 0;
        boolean found = false;
        for (String line : info.split("\n")) {
            // Serial: "def new generation total 131072K, used 1234K" and "tenured generation total …, used …K";
            // G1: "garbage-first heap total …, used …K". Metaspace lines are not heap.
            if (line.contains("total") && !line.contains("Metaspace") && !line.contains("class space")) {
                Matcher matcher = USED.matcher(line);
                if (matcher.find()) {
                    used += Long.parseLong(matcher.group(1));
                    found = true;
                }
            }
        }
        return found ? used : -1;
    }

    private static String run(Path jcmd, long pid, String command) {
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
