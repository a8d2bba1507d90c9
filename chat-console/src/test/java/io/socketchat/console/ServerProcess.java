package io.socketchat.console;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code chat-server} in its own JVM, launched the way bin/chat-server does
 * ({@code java -p <modules> -m io.socketchat.console/...Main}), with this test JVM's modules as
 * the module path. For what only a real launch shows: exit codes, stderr, the boot layer.
 */
final class ServerProcess implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    private final List<String> seen = new ArrayList<>();
    private final Thread stderrPump;

    private ServerProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout::add);
        stderrPump = pump(process.getErrorStream(), stderr::add);
    }

    /** Starts {@code chat-server args} in {@code workingDirectory} with exactly {@code environment} set for CHAT_*. */
    static ServerProcess start(Path workingDirectory, Map<String, String> environment, String... args) {
        try {
            return new ServerProcess(builder(workingDirectory, environment, args).start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code chat-server args} as {@link #start} runs it, not yet started: for tests that need
     * other redirections than two pumped pipes.
     */
    static ProcessBuilder builder(Path workingDirectory, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(), "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "-p", modulePath(), "-m", "io.socketchat.console/io.socketchat.console.Main"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("CHAT_") || name.equals("PORT"));
        builder.environment().putAll(environment);
        builder.environment().putIfAbsent("CHAT_NO_HTTP", "true"); // tests never bind the default HTTP port
        return builder;
    }

    /** The modules of this JVM (the console's classes, the server, built-ins, libraries). */
    private static String modulePath() {
        return ModuleLayer.boot().configuration().modules().stream()
                .map(module -> module.reference().location().orElse(null))
                .filter(Objects::nonNull)
                .filter(uri -> "file".equals(uri.getScheme()))
                .map(URI::getPath)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static Thread pump(InputStream stream, Consumer<String> sink) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Waits for a stdout line matching {@code wanted}; fails after {@link #TIMEOUT} or at exit. */
    String awaitOutput(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                seen.add(line);
                if (wanted.test(line)) {
                    return line;
                }
            } else if (!process.isAlive() && stdout.isEmpty()) {
                throw new AssertionError("server exited with " + process.exitValue() + "; stdout " + seen + " stderr " + stderr);
            }
        }
        throw new AssertionError("no such line within " + TIMEOUT + "; stdout " + seen + " stderr " + stderr);
    }

    /** Every stdout line read so far by {@link #awaitOutput}. */
    List<String> output() {
        return List.copyOf(seen);
    }

    /** Waits for the exit; returns its code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("server still running after " + TIMEOUT + "; stderr " + stderr);
        }
        return process.exitValue();
    }

    /** Everything the process wrote to stderr, once it has ended. */
    String errors() throws InterruptedException {
        awaitExit();
        if (!stderrPump.join(TIMEOUT)) { // the stream ends with the process; reading it out is quick
            throw new AssertionError("stderr still open " + TIMEOUT + " after the exit");
        }
        synchronized (stderr) {
            return String.join("\n", stderr);
        }
    }

    /** SIGTERM: the graceful shutdown path. */
    void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
