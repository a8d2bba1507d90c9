package io.socketchat.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Ends the server under test: SIGTERM to its pid, and waiting for the process to exit. */
interface ServerControl {

    /** Asks the server to shut down (gracefully). */
    void terminate();

    /** Waits until it exited; false when it was still running at the timeout. */
    boolean awaitExit(Duration timeout) throws InterruptedException;

    /**
     * SIGTERM by pid ({@link ProcessHandle#destroy()} on Unix), for a server this process did not
     * start. The exit is watched in {@code /proc} every 10 ms ({@link ProcessHandle#onExit()}
     * polls a process that is not a child only every 300 ms and more); a zombie counts as exited.
     */
    static ServerControl ofPid(long pid) {
        return new ServerControl() {
            @Override
            public void terminate() {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            }

            @Override
            public boolean awaitExit(Duration timeout) throws InterruptedException {
                long deadline = System.nanoTime() + timeout.toNanos();
                while (running(pid)) {
                    if (System.nanoTime() - deadline >= 0) {
                        return false;
                    }
                    Thread.sleep(10);
                }
                return true;
            }
        };
    }

    /** True while {@code /proc/<pid>} is there and not a zombie. */
    static boolean running(long pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }
}
