package io.socketchat.console;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code chat-server [OPTIONS] config}: the settings a start with these flags, this environment
 * and this config file would use, each with where it came from, checked as a start checks them.
 * The output is itself a valid config file.
 */
@Command(
        name = "config",
        mixinStandardHelpOptions = true,
        description = {
                "Print the settings chat-server would start with, and where each comes from",
                "(flag, environment variable, config file and line, or default), checked as at start.",
                "Give the same flags as the server: chat-server --config FILE [OPTIONS] config.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The settings are valid.", "2:A flag, variable or config file line is invalid."})
final class ConfigCommand implements Callable<Integer> {

    /** Not printed: it would end up in a terminal's scrollback or a support ticket. */
    private static final String SECRET = "--tls-key-password";

    @ParentCommand
    ServerCommand server;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        server.toConfig(); // a ParameterException here is reported like a bad flag, exit 2
        CommandLine.ParseResult parsed = server.spec().commandLine().getParseResult();
        PrintWriter out = spec.commandLine().getOut();
        out.println("# chat-server settings; a flag beats its CHAT_ variable, which beats the config file,");
        out.println("# which beats the default.");
        for (OptionSpec option : server.spec().options()) {
            if (option.usageHelp() || option.versionHelp() || option.longestName().equals(SettingSources.CONFIG_OPTION)) {
                continue;
            }
            Setting setting = setting(option, parsed);
            String key = SettingSources.key(option.longestName());
            if (setting.value() == null) {
                out.println("# " + key + " is not set");
            } else {
                String value = option.longestName().equals(SECRET) ? "(hidden)"
                        : option.longestName().equals(StoreOptions.OPTION) ? StoreOptions.printable(setting.value())
                        : quotedIfNeeded(setting.value());
                out.printf("%-40s # %s%n", key + " = " + value, setting.source());
            }
        }
        out.flush();
        return 0;
    }

    /** As the file reader takes it back: quoted when a comment sign or outer blanks would change it. */
    private static String quotedIfNeeded(String value) {
        boolean plain = value.equals(value.strip()) && !value.contains("#") && !value.startsWith("\"");
        return plain ? value : "\"" + value + "\"";
    }

    private record Setting(String value, String source) {
    }

    private Setting setting(OptionSpec option, CommandLine.ParseResult parsed) {
        if (parsed.hasMatchedOption(option)) {
            var given = parsed.matchedOption(option.longestName()).originalStringValues();
            return new Setting(given.isEmpty() ? "true" : given.get(given.size() - 1), "flag");
        }
        SettingSources.Supplied supplied = server.sources().supplied(option);
        if (supplied != null) {
            return new Setting(supplied.value(), supplied.source().describe());
        }
        boolean flag = option.type() == boolean.class;
        return new Setting(option.defaultValue() == null && flag ? "false" : option.defaultValue(), "default");
    }
}
