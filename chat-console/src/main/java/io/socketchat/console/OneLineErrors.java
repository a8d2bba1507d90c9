package io.socketchat.console;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintWriter;

/**
 * A bad flag or variable ends the program with exit code 2 and one line naming it, e.g.
 * {@code chat-server: invalid value for CHAT_PORT (environment): 'x' is not a port number}.
 */
final class OneLineErrors implements CommandLine.IParameterExceptionHandler {

    private final EnvironmentDefaults defaults;

    OneLineErrors(EnvironmentDefaults defaults) {
        this.defaults = defaults;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        String message = e.getMessage();
        if (e.getArgSpec() instanceof OptionSpec option && !matchedOnCommandLine(e, option)) {
            String variable = defaults.variableSupplying(option);
            if (variable != null) {
                message = message.replace("option '" + option.longestName() + "'", variable + " (environment)");
                if (!message.contains(variable)) {
                    message = "invalid value for " + variable + " (environment): " + message;
                }
            }
        }
        err.println("chat-server: " + message + " (see chat-server --help)");
        err.flush();
        return 2;
    }

    private static boolean matchedOnCommandLine(CommandLine.ParameterException e, OptionSpec option) {
        CommandLine.ParseResult result = e.getCommandLine().getParseResult();
        return result != null && result.hasMatchedOption(option);
    }
}
