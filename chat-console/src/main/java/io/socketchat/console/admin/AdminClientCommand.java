package io.socketchat.console.admin;

import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code chat-server admin [COMMAND...]}: reach a running server over its admin socket, either
 * for one command (scripts) or with the same {@code chat> } shell as the foreground terminal.
 */
@Command(
        name = "admin",
        sortOptions = false,
        usageHelpAutoWidth = true,
        mixinStandardHelpOptions = true,
        description = {
                "Attach to a running chat-server through its admin socket (its user, or a member",
                "of the group socketchat for the service).",
                "Without COMMAND: an interactive 'chat> ' shell (quit, exit or Ctrl-D detach;",
                "'shutdown' stops the server); if stdin is not a terminal, one command per line.",
                "With COMMAND: run it, print its output, exit with its code, e.g.",
                "  chat-server admin users --json",
                "  chat-server admin kick bob too noisy",
                "Commands: users [--json|--names], kick USER [REASON...], port [N],",
                "timeout [DURATION], tls [reload], reload, stats, plugins, shutdown, help [COMMAND].",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:The command succeeded.",
                "1:The command failed (no such user, port cannot be bound, ...).",
                "2:Usage error (unknown command, bad argument or option).",
                "3:No server is listening on the admin socket.",
                "4:The admin socket broke or does not speak admin protocol 1."})
public final class AdminClientCommand implements Callable<Integer> {

    static final int NO_SERVER = 3;
    static final int PROTOCOL_ERROR = 4;

    @Option(names = "--admin-socket", paramLabel = "PATH",
            description = "The server's admin socket (env CHAT_ADMIN_SOCKET, or admin-socket in the --config file;"
                    + " default: the first that exists of $RUNTIME_DIRECTORY/admin.sock, /run/socketchat/admin.sock,"
                    + " $XDG_RUNTIME_DIR/socketchat/admin.sock, <tmpdir>/socketchat-<user>/admin.sock).")
    Path socket;

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "An operator command and its arguments.")
    List<String> command;

    @Spec
    CommandSpec spec;

    /** Adds {@code admin} under {@code chat-server}; call before setting default providers. */
    public static void addTo(CommandLine chatServer) {
        CommandLine admin = new CommandLine(new AdminClientCommand());
        // everything after the first word is the operator command's, options included
        admin.setStopAtPositional(true);
        chatServer.addSubcommand(admin);
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path path = socket != null ? socket : findDefault();
        try (AdminClient client = AdminClient.connect(path)) {
            if (command != null && !command.isEmpty()) {
                return print(client.run(Words.join(command)));
            }
            Optional<Terminal> terminal = Terminals.openInteractive();
            if (terminal.isPresent()) {
                try (AdminShell shell = AdminShell.open(terminal.get(), new RemoteBackend(client),
                        AdminShell.defaultHistoryFile())) {
                    shell.println("Attached to " + path + ": 'help' lists commands; quit or Ctrl-D detaches.");
                    shell.run();
                }
                return CommandResult.OK;
            }
            return runLinesFromStdin(client);
        } catch (AdminClient.NoServerException e) {
            err.println("chat-server admin: " + e.getMessage());
            err.println("chat-server admin: is the server running? Point at its socket with --admin-socket PATH.");
            return NO_SERVER;
        } catch (AdminClient.ProtocolException e) {
            err.println("chat-server admin: " + e.getMessage());
            return PROTOCOL_ERROR;
        } catch (IOException e) {
            err.println("chat-server admin: connection to " + path + " failed: " + e.getMessage());
            return PROTOCOL_ERROR;
        }
    }

    private Path findDefault() {
        List<Path> candidates = AdminSocketFile.candidates(System::getenv, AdminSocketFile.SYSTEM_DIR);
        return candidates.stream().filter(Files::exists).findFirst().orElse(candidates.get(0));
    }

    /** Runs each line of stdin; the exit code is the last failure's, or 0. */
    private int runLinesFromStdin(AdminClient client) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        int exitCode = CommandResult.OK;
        String line;
        while ((line = lines.readLine()) != null) {
            int code = print(client.run(line));
            if (code != CommandResult.OK) {
                exitCode = code;
            }
        }
        return exitCode;
    }

    private int print(CommandResult result) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        out.print(result.out());
        out.flush();
        err.print(result.err());
        err.flush();
        return result.exitCode();
    }

    /** The attached shell: lines go over the socket; quit, exit and Ctrl-D only detach. */
    private static final class RemoteBackend implements AdminShell.Backend {

        private final AdminClient client;
        private boolean finished;

        RemoteBackend(AdminClient client) {
            this.client = client;
        }

        @Override
        public CommandResult run(String line) throws IOException {
            List<String> words = Words.split(line);
            if (!words.isEmpty() && (words.get(0).equals("quit") || words.get(0).equals("exit"))) {
                finished = true;
                return CommandResult.ok("detached\n");
            }
            CommandResult result = client.run(line);
            if (!words.isEmpty() && words.get(0).equals("shutdown") && result.exitCode() == CommandResult.OK) {
                finished = true; // the server is going away
            }
            return result;
        }

        @Override
        public List<String> userNames() {
            try {
                return client.run("users --names").out().lines().toList();
            } catch (IOException e) {
                return List.of();
            }
        }

        @Override
        public boolean finished() {
            return finished;
        }

        @Override
        public void endOfInput() {
            finished = true;
        }
    }
}
