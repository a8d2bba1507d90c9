package io.socketchat.console.admin;

import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Tab completion from the command tree itself: command names (with their descriptions) in
 * first position, a command's options after it, command names after {@code help}, and the
 * names of logged-in users after {@code kick}, asked for at the moment of the Tab.
 */
final class ShellCompleter implements Completer {

    private final CommandSpec tree;
    private final Supplier<List<String>> userNames;

    ShellCompleter(CommandSpec tree, Supplier<List<String>> userNames) {
        this.tree = tree;
        this.userNames = userNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        Map<String, CommandLine> commands = tree.subcommands();
        if (line.wordIndex() == 0) {
            commands.forEach((name, command) -> candidates.add(candidate(name, command.getCommandSpec())));
            return;
        }
        CommandLine command = commands.get(line.words().get(0));
        if (command == null) {
            return;
        }
        String name = command.getCommandName();
        if (line.word().startsWith("-")) {
            for (OptionSpec option : command.getCommandSpec().options()) {
                for (String optionName : option.names()) {
                    candidates.add(new Candidate(optionName, optionName, null, first(option.description()), null, null, true));
                }
            }
        } else if (line.wordIndex() == 1 && name.equals("kick")) {
            userNames.get().forEach(user -> candidates.add(new Candidate(user)));
        } else if (line.wordIndex() == 1 && name.equals("help")) {
            commands.forEach((sub, spec) -> candidates.add(candidate(sub, spec.getCommandSpec())));
        }
    }

    private static Candidate candidate(String name, CommandSpec spec) {
        return new Candidate(name, name, null, first(spec.usageMessage().description()), null, null, true);
    }

    private static String first(String[] description) {
        return description.length == 0 ? null : description[0];
    }
}
