package io.socketchat.console.admin;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The operator's JLine prompt: read a line, run it through a {@link Backend}, print the
 * answer. Ctrl-C clears the line; Ctrl-D ends the input (what that means is the backend's
 * call). History is kept in a file across sessions.
 */
final class AdminShell implements AutoCloseable {

    static final String PROMPT = "chat> ";

    /** Where the lines go: the server in this process, or one reached over the admin socket. */
    interface Backend {
        CommandResult run(String line) throws IOException;

        /** For completing {@code kick}; empty if they cannot be had right now. */
        List<String> userNames();

        /** True when the shell should stop prompting (the server is going down, or we detached). */
        boolean finished();

        /** Ctrl-D at the prompt. */
        void endOfInput();
    }

    private final Terminal terminal;
    private final LineReader reader;
    private final Backend backend;
    private final AtomicBoolean closed = new AtomicBoolean();
    private PrintStream savedOut;
    private PrintStream savedErr;
    private LineRoutingStream routing;

    private AdminShell(Terminal terminal, LineReader reader, Backend backend) {
        this.terminal = terminal;
        this.reader = reader;
        this.backend = backend;
    }

    static AdminShell open(Terminal terminal, Backend backend, Path historyFile) {
        LineReader reader = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("chat-server")
                .completer(new ShellCompleter(AdminCommands.describe(), backend::userNames))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .build();
        return new AdminShell(terminal, reader, backend);
    }

    /** The usual place for the history: {@code ~/.socketchat_history}. */
    static Path defaultHistoryFile() {
        return Path.of(System.getProperty("user.home"), ".socketchat_history");
    }

    /**
     * Sends everything written to {@code System.out}/{@code System.err} (the log appender
     * writes there) above the prompt, until {@link #close()}.
     */
    void routeSystemStreams() {
        savedOut = System.out;
        savedErr = System.err;
        PrintStream original = savedOut;
        routing = new LineRoutingStream(line -> {
            try {
                reader.printAbove(line);
            } catch (RuntimeException terminalClosed) {
                original.println(line); // JLine's shutdown hook closed the terminal under us: do not lose the line
            }
        });
        PrintStream above = new PrintStream(routing, true, StandardCharsets.UTF_8);
        System.setOut(above);
        System.setErr(above);
    }

    void println(String text) {
        reader.printAbove(text);
    }

    /** Prompts until the backend is finished or the input ends. */
    void run() {
        while (!backend.finished() && !closed.get()) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue; // Ctrl-C: drop what was typed, prompt again
            } catch (EndOfFileException e) {
                backend.endOfInput();
                return;
            } catch (RuntimeException e) {
                return; // the terminal went away (closed from another thread at shutdown)
            }
            CommandResult result;
            try {
                result = backend.run(line);
            } catch (IOException e) {
                print("connection lost: " + e.getMessage() + "\n");
                return;
            }
            print(result.out());
            print(result.err());
        }
    }

    private void print(String text) {
        if (!text.isEmpty()) {
            PrintWriter writer = terminal.writer();
            writer.print(text);
            writer.flush();
        }
    }

    /** Restores the standard streams, saves the history, gives the terminal back. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (savedOut != null) {
            // a log line on its way to the prompt is delivered first; later ones go straight out
            PrintStream out = savedOut;
            routing.redirect(out::println);
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        try {
            if (reader.isReading()) {
                // closed from another thread (a signal, the admin socket) while prompting: end the prompt's line
                terminal.writer().println();
                terminal.writer().flush();
            }
        } catch (RuntimeException alreadyClosed) {
            // JLine's own shutdown hook may have closed the terminal first
        }
        try {
            reader.getHistory().save();
        } catch (IOException | RuntimeException ignored) {
            // history is a convenience; losing it must not stop a shutdown
        }
        try {
            terminal.close();
        } catch (IOException ignored) {
            // the terminal is gone already
        }
    }
}
