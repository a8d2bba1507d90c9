package io.socketchat.console.admin;

import io.socketchat.server.ChatServer;
import io.socketchat.server.UserInfo;
import org.jline.terminal.Terminal;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything an operator gets next to a running server: the admin socket (unless turned off)
 * and, when a person sits at the terminal, the {@code chat> } prompt. Closing it removes the
 * socket and gives the terminal back.
 */
public final class OperatorConsole implements AutoCloseable {

    private final AdminSocketServer socket;
    private final AdminShell shell;

    private OperatorConsole(AdminSocketServer socket, AdminShell shell) {
        this.socket = socket;
        this.shell = shell;
    }

    /**
     * @param reload re-reads the settings and applies them ({@code reload}); returns what it did,
     *               throws IllegalStateException saying why nothing changed
     * @throws IOException when the admin socket cannot be created (a live server owns it, ...)
     */
    public static OperatorConsole start(ChatServer server, AdminSocketOptions options, Supplier<String> reload)
            throws IOException {
        LiveServerTarget local = LiveServerTarget.of(server, "console", reload);
        AdminSocketServer socket = options.enabled()
                ? AdminSocketServer.open(options.path(), local.as("admin-socket"))
                : null;
        Optional<Terminal> terminal = Terminals.openInteractive();
        if (terminal.isEmpty()) {
            return new OperatorConsole(socket, null);
        }
        AdminShell shell = AdminShell.open(terminal.get(), new LocalBackend(local), AdminShell.defaultHistoryFile());
        shell.routeSystemStreams();
        shell.println("Operator console: 'help' lists commands; Ctrl-D or 'shutdown' stops the server.");
        Thread.ofPlatform().daemon().name("chat-shell").start(() -> {
            shell.run();
            shell.close();
        });
        return new OperatorConsole(socket, shell);
    }

    /** True when the {@code chat> } prompt runs at a terminal. */
    public boolean atTerminal() {
        return shell != null;
    }

    @Override
    public void close() {
        if (shell != null) {
            shell.close();
        }
        if (socket != null) {
            socket.close();
        }
    }

    /** The shell's lines run in this process, against the server itself. */
    private record LocalBackend(AdminTarget target) implements AdminShell.Backend {

        @Override
        public CommandResult run(String line) {
            return AdminCommands.run(line, target);
        }

        @Override
        public List<String> userNames() {
            return target.users().stream().map(UserInfo::name).toList();
        }

        @Override
        public boolean finished() {
            return target.isShuttingDown();
        }

        @Override
        public void endOfInput() {
            target.shutdown();
        }
    }
}
