package io.socketchat.console.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** The packaged launcher run as a child process without a terminal; its output is collected as it comes. */
final class ServerProcess implements AutoCloseable {

    private static final Pattern START_PORT = Pattern.compile("\\[START] .*port=(\\d+)");

    final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch outputEnded = new CountDownLatch(1);

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                outputEnded.countDown();
            }
        });
    }

    /** Runs {@code chat-server args...} with stdin a pipe (not a terminal), stdout and stderr merged. */
    static ServerProcess start(Path home, String... args) {
        return startWithEnvironment(home, null, null, args);
    }

    /** As {@link #start}, with one more environment variable. */
    static ServerProcess startWithEnvironment(Path home, String variable, String value, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Distribution.launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Distribution.configure(builder.environment(), home);
        if (variable != null) {
            builder.environment().put(variable, value);
        }
        try {
            return new ServerProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code chat-server args...} to completion and returns its exit code and output. */
    static Result run(Path home, String... args) {
        return runWithEnvironment(home, null, null, args);
    }

    static Result runWithEnvironment(Path home, String variable, String value, String... args) {
        return runWithInput(home, variable, value, "", args);
    }

    /** Runs {@code chat-server args...} with {@code input} on its stdin (a pipe, not a terminal). */
    static Result runWithInput(Path home, String variable, String value, String input, String... args) {
        try (ServerProcess run = startWithEnvironment(home, variable, value, args)) {
            try (var stdin = run.process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!run.process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("chat-server " + String.join(" ", args) + " did not end within 30 s");
            }
            int exitCode = run.process.exitValue();
            if (!run.outputEnded.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("output of chat-server " + String.join(" ", args) + " did not end");
            }
            return new Result(exitCode, String.join("\n", run.output()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    record Result(int exitCode, String output) {
    }

    List<String> output() {
        return List.copyOf(output);
    }

    /** Waits for the {@code [START]} log line and returns the port in it. */
    int awaitPort() {
        await().atMost(Duration.ofSeconds(30)).until(() -> output().stream().anyMatch(l -> START_PORT.matcher(l).find()));
        for (String line : output()) {
            Matcher matcher = START_PORT.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no [START] line in " + output());
    }

    void awaitOutput(String fragment) {
        await().atMost(Duration.ofSeconds(30)).until(() -> output().stream().anyMatch(l -> l.contains(fragment)));
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
