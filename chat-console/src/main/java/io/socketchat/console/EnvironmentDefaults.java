package io.socketchat.console;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Takes an option's value from the environment when the flag is absent: {@code --idle-timeout}
 * reads {@code CHAT_IDLE_TIMEOUT}; {@code --port} also reads {@code PORT}, as the Go server did.
 * Remembers which variable supplied what, so errors can name the variable.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {

    private final Map<String, String> environment;
    private final Map<String, String> variableByOption = new HashMap<>();

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variableFor(String longOption) {
        return "CHAT_" + longOption.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String variable = variableFor(option.longestName());
        String value = environment.get(variable);
        if (value == null && option.longestName().equals("--port")) {
            variable = "PORT";
            value = environment.get(variable);
        }
        if (value == null) {
            return null;
        }
        variableByOption.put(option.longestName(), variable);
        return value;
    }

    /** The variable that supplied this option's value, or {@code null}. */
    String variableSupplying(OptionSpec option) {
        return variableByOption.get(option.longestName());
    }
}
