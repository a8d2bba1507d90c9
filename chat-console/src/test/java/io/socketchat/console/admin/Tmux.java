package io.socketchat.console.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private tmux server (its own {@code -L} socket name) to drive a program through a real
 * pseudo-terminal: type keys, read the screen. {@link #close()} kills the whole server.
 */
final class Tmux implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String socketName = "socketchat-it-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    private final Path home;

    Tmux(Path home) {
        this.home = home;
    }

    /** Starts {@code shellCommand} in a new 160x50 window named {@code session}. */
    void start(String session, String shellCommand) {
        tmux("new-session", "-d", "-s", session, "-x", "160", "-y", "50", shellCommand);
    }

    /** Keys as tmux names them: literal text, {@code Tab}, {@code Enter}, {@code C-c}, {@code C-d}. */
    void sendKeys(String session, String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", session));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Sends text literally (no key-name lookup), e.g. {@code "kick al"}. */
    void type(String session, String text) {
        tmux("send-keys", "-t", session, "-l", text);
    }

    /** The process tmux started for the session (the shell running its command). */
    long panePid(String session) {
        return Long.parseLong(tmux("list-panes", "-t", session, "-F", "#{pane_pid}").strip());
    }

    /** The visible screen, as text. */
    String screen(String session) {
        return tmux("capture-pane", "-p", "-t", session);
    }

    /** The last line on the screen that is not blank, without trailing blanks. */
    String lastLine(String session) {
        List<String> lines = screen(session).lines().map(String::stripTrailing).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private String tmux(String... args) {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socketName));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Distribution.configure(builder.environment(), home);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("tmux " + String.join(" ", args) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run tmux (is it installed? ./dev test installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Kills the tmux server and waits until every program it ran has exited (a server shutting
     * down on the hang-up still writes its history file into the test's home directory, which
     * must not race the directory's deletion), then removes tmux's socket file.
     */
    @Override
    public void close() {
        Path socketFile = null;
        List<ProcessHandle> programs = new ArrayList<>();
        try {
            socketFile = Path.of(tmux("display-message", "-p", "#{socket_path}").strip());
            for (String pid : tmux("list-panes", "-a", "-F", "#{pane_pid}").strip().split("\\s+")) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(pane -> {
                    programs.add(pane);
                    pane.descendants().forEach(programs::add);
                });
            }
        } catch (RuntimeException e) {
            // no server is running (it never started, or already ended)
        }
        try {
            new ProcessBuilder("tmux", "-L", socketName, "kill-server").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(20, TimeUnit.SECONDS);
            for (ProcessHandle program : programs) {
                program.onExit().get(20, TimeUnit.SECONDS);
            }
            if (socketFile != null) {
                Files.deleteIfExists(socketFile); // tmux leaves it behind
            }
        } catch (IOException | ExecutionException e) {
            // nothing was started, or the file is gone
        } catch (TimeoutException e) {
            throw new IllegalStateException("a program in the terminal did not exit after tmux was killed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
