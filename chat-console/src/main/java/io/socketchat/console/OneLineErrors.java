package io.socketchat.console;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;

/**
 * A bad flag, variable or config file line ends the program with exit code 2 and one line
 * naming it, e.g. {@code chat-server: invalid value for CHAT_PORT (environment): 'x' is not a
 * port number} or {@code chat-server: /etc/socketchat/socketchat.conf:4: invalid value for
 * idle-timeout: '0' is not a positive duration}.
 */
final class OneLineErrors implements CommandLine.IParameterExceptionHandler {

    private final SettingSources sources;

    OneLineErrors(SettingSources sources) {
        this.sources = sources;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("chat-server: " + describe(e, sources) + " (see chat-server --help)");
        err.flush();
        return 2;
    }

    /** The problem in one line, naming the variable or the file and line that supplied the value. */
    static String describe(CommandLine.ParameterException e, SettingSources sources) {
        String message = e.getMessage();
        if (!(e.getArgSpec() instanceof OptionSpec option) || matchedOnCommandLine(e, option)) {
            return message;
        }
        SettingSources.Supplied supplied = sources.supplied(option);
        if (supplied == null) {
            return message;
        }
        String asOption = "option '" + option.longestName() + "'";
        return switch (supplied.source()) {
            case SettingSources.Environment environment -> {
                String variable = environment.variable();
                String named = message.replace(asOption, variable + " (environment)");
                yield named.contains(variable) ? named : "invalid value for " + variable + " (environment): " + message;
            }
            case SettingSources.File file -> file.place() + ": "
                    + message.replace("Invalid value for " + asOption, "invalid value for " + SettingSources.key(option.longestName()))
                            .replace(asOption, SettingSources.key(option.longestName()));
        };
    }

    private static boolean matchedOnCommandLine(CommandLine.ParameterException e, OptionSpec option) {
        CommandLine.ParseResult result = e.getCommandLine().getParseResult();
        return result != null && result.hasMatchedOption(option);
    }
}
