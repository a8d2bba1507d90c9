package io.socketchat.console.admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The operator's command tree. Each command is one class listed below; adding a command is
 * one class and one entry in {@code subcommands}. The tree runs against an {@link AdminTarget}
 * and prints into buffers, so the local shell and the admin socket run it the same way.
 */
@Command(
        name = "",
        customSynopsis = "COMMAND [ARGUMENTS...]",
        description = "Operator commands. 'help <command>' explains one.",
        subcommands = {
                UsersCommand.class,
                NodesCommand.class,
                KickCommand.class,
                RoomsCommand.class,
                AccountsCommand.class,
                AccountCommand.class,
                RoomCommand.class,
                HistoryCommand.class,
                PortCommand.class,
                TimeoutCommand.class,
                TlsCommand.class,
                ReloadCommand.class,
                StatsCommand.class,
                PluginsCommand.class,
                ShutdownCommand.class,
                CommandLine.HelpCommand.class})
public final class AdminCommands implements Runnable {

    private final AdminTarget target;

    @CommandLine.Spec
    CommandSpec spec;

    private AdminCommands(AdminTarget target) {
        this.target = target;
    }

    AdminTarget target() {
        return target;
    }

    /** Runs one operator line against {@code target}. A blank line does nothing. */
    public static CommandResult run(String line, AdminTarget target) {
        var words = Words.split(line);
        if (words.isEmpty()) {
            return CommandResult.ok("");
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new AdminCommands(target));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // Plain text: the answer may travel over the admin socket to a file or a script.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setParameterExceptionHandler(AdminCommands::usageError);
        // The tree's root has no name, so picocli would print "Usage:  kick ..." (two blanks).
        commandLine.getSubcommands().values().forEach(sub -> sub.getCommandSpec().usageMessage().synopsisHeading("Usage:"));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println(cmd.getCommandName() + ": " + e.getMessage());
            return CommandResult.FAILED;
        });
        int exitCode = commandLine.execute(words.toArray(String[]::new));
        return new CommandResult(exitCode, out.toString(), err.toString());
    }

    /** A usage mistake: the message, suggestions if any, and where to look; no page of usage. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        String name = command.getCommandName();
        err.println((name.isEmpty() ? "" : name + ": ") + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println(name.isEmpty() ? "'help' lists the commands." : "Try 'help " + name + "'.");
        return CommandResult.USAGE;
    }

    /** The tree's shape (names, aliases, options, descriptions), for completion. */
    public static CommandSpec describe() {
        return new CommandLine(new AdminCommands(null)).getCommandSpec();
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
