package io.socketchat.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server (or any {@code chat-server} command) in a process of its own, for what only a real
 * launch shows: exit codes, stderr, signals, the boot layer, the packaged launcher. The caller
 * builds the command ({@link ProcessBuilder}: the module path, the launcher script, the
 * runtime image); this class runs it and reads what it writes.
 *
 * <p>Its output goes to files read as they grow: a pipe would lose the last lines, which the
 * JDK's process reaper takes away from a reader blocked on it when the process exits. Standard
 * error goes to a file of its own unless the builder merges it into standard output.
 */
public final class ServerProcess implements AutoCloseable {

    /** How long any wait here lasts before it fails. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern START_PORT = Pattern.compile("\\[START] .*port=(\\d+)");

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final Thread stdoutReader;
    private final Thread stderrReader;
    /** Notified when a stdout line arrives or the output ends. */
    private final Object arrived = new Object();
    /** How many stdout lines {@link #awaitOutput} has gone past; the test thread's. */
    private int cursor;

    private ServerProcess(Process process, Path stdoutFile, Path stderrFile) {
        this.process = process;
        this.stdoutReader = tail(stdoutFile, process, line -> {
            stdout.add(line);
            wake();
        }, this::wake);
        this.stderrReader = stderrFile == null ? null : tail(stderrFile, process, stderr::add, () -> { });
    }

    private void wake() {
        synchronized (arrived) {
            arrived.notifyAll();
        }
    }

    /** Starts the command; its stdout (and stderr, unless merged) go to files read as they grow. */
    public static ServerProcess start(ProcessBuilder builder) {
        try {
            Path stdoutFile = Files.createTempFile("chat-server-", ".stdout");
            Path stderrFile = builder.redirectErrorStream() ? null : Files.createTempFile("chat-server-", ".stderr");
            builder.redirectOutput(stdoutFile.toFile());
            if (stderrFile != null) {
                builder.redirectError(stderrFile.toFile());
            }
            return new ServerProcess(builder.start(), stdoutFile, stderrFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How a command that ran to its end ended: its exit code and its standard output (stderr too, if merged). */
    public record Result(int exitCode, String output) {
    }

    /** Runs the command to its end with {@code input} on its stdin (a pipe, not a terminal). */
    public static Result run(ProcessBuilder builder, String input) {
        try (ServerProcess run = start(builder)) {
            try (OutputStream stdin = run.process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            int exitCode = run.awaitExit();
            run.awaitOutputEnd();
            return new Result(exitCode, String.join("\n", run.output()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Process process() {
        return process;
    }

    /** Every stdout line so far. */
    public List<String> output() {
        return List.copyOf(stdout);
    }

    /**
     * Waits for the next stdout line (after the one it returned last time) that matches
     * {@code wanted}, and returns it; fails after {@link #TIMEOUT}, or when the process exited
     * without writing one.
     */
    public String awaitOutput(Predicate<String> wanted) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ended = !stdoutReader.isAlive(); // before looking: all it wrote is in the list by then
            List<String> lines = output();
            while (cursor < lines.size()) {
                String line = lines.get(cursor++);
                if (wanted.test(line)) {
                    return line;
                }
            }
            if (ended) {
                throw new AssertionError("exited with " + process.exitValue() + " without such a line; stdout "
                        + lines + " stderr " + stderr);
            }
            pause();
        }
        throw new AssertionError("no such line within " + TIMEOUT + "; stdout " + output() + " stderr " + stderr);
    }

    /** As {@link #awaitOutput(Predicate)}, for a line that contains {@code fragment}. */
    public String awaitOutput(String fragment) {
        return awaitOutput(line -> line.contains(fragment));
    }

    /** Waits for the {@code [START]} line (wherever it is, without moving past it) and returns its port. */
    public int awaitPort() {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean ended = !stdoutReader.isAlive();
            for (String line : output()) {
                Matcher matcher = START_PORT.matcher(line);
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            if (ended) {
                throw new AssertionError("exited with " + process.exitValue() + " before [START]; stdout " + output()
                        + " stderr " + stderr);
            }
            pause();
        }
        throw new AssertionError("no [START] line within " + TIMEOUT + " in " + output());
    }

    /** Waits for the exit; returns its code. */
    public int awaitExit() {
        try {
            if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("still running after " + TIMEOUT + "; stdout " + output() + " stderr " + stderr);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return process.exitValue();
    }

    /** Everything the process wrote to stderr, once it has ended (empty when stderr was merged). */
    public String errors() {
        awaitExit();
        awaitOutputEnd();
        return String.join("\n", stderr);
    }

    private void awaitOutputEnd() {
        try {
            // The files end with the process; reading them out is quick.
            if (!stdoutReader.join(TIMEOUT) || stderrReader != null && !stderrReader.join(TIMEOUT)) {
                throw new AssertionError("output still being read " + TIMEOUT + " after the exit");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** SIGHUP: the reload path. */
    public void hangUp() {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -HUP failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends a signal by name: {@code KILL} (no shutdown at all), {@code STOP} and {@code CONT} (a paused process). */
    public void signal(String name) {
        ExternalCommand.signal(process.pid(), name);
    }

    /** SIGTERM: the graceful shutdown path. */
    public void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Waits for the next stdout line or the end of the output (at most a moment: a wake-up may come just before). */
    private void pause() {
        synchronized (arrived) {
            try {
                arrived.wait(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Hands each line of a growing file to {@code sink}, up to its end once the process has exited; then deletes it. */
    private static Thread tail(Path file, Process process, Consumer<String> sink, Runnable ended) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (InputStream in = Files.newInputStream(file)) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                byte[] chunk = new byte[8192];
                while (true) {
                    boolean exited = !process.isAlive(); // before reading: what it wrote is in the file by then
                    int read;
                    while ((read = in.read(chunk)) > 0) {
                        for (int i = 0; i < read; i++) {
                            if (chunk[i] == '\n') {
                                sink.accept(line.toString(StandardCharsets.UTF_8));
                                line.reset();
                            } else {
                                line.write(chunk[i]);
                            }
                        }
                    }
                    if (exited) {
                        if (line.size() > 0) {
                            sink.accept(line.toString(StandardCharsets.UTF_8));
                        }
                        return;
                    }
                    try {
                        process.onExit().get(20, TimeUnit.MILLISECONDS); // more output, or the exit
                    } catch (TimeoutException e) {
                        // still running: read what came meanwhile
                    }
                }
            } catch (IOException | InterruptedException | ExecutionException e) {
                sink.accept("(reading the output failed: " + e + ")");
            } finally {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // a temp file
                }
                ended.run();
            }
        });
    }
}
