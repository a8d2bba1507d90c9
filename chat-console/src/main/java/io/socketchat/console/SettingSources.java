package io.socketchat.console;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where an option's value comes from when its flag is absent: the environment
 * ({@code --idle-timeout} reads {@code CHAT_IDLE_TIMEOUT}; {@code --port} also reads {@code PORT},
 * as the Go server did), then the config file ({@code --config} or {@code CHAT_CONFIG}), then the
 * option's own default. Picocli asks this for every option not matched on the command line, after
 * matching, so the {@code --config} flag is known by then. Remembers what supplied each value, so
 * errors and {@code chat-server config} can name it.
 */
final class SettingSources implements CommandLine.IDefaultValueProvider {

    static final String CONFIG_OPTION = "--config";

    /** Where a value that no flag gave came from. */
    sealed interface Source {
        String describe();
    }

    record Environment(String variable) implements Source {
        @Override
        public String describe() {
            return "environment " + variable;
        }
    }

    record File(String place) implements Source {
        @Override
        public String describe() {
            return place;
        }
    }

    /** A value that did not come from the command line: its text and its source. */
    record Supplied(String value, Source source) {
    }

    private final Map<String, String> environment;
    private final Map<String, Supplied> suppliedByOption = new HashMap<>();
    private ConfigFile file;

    SettingSources(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    Map<String, String> environment() {
        return environment;
    }

    static String variableFor(String longOption) {
        return "CHAT_" + key(longOption).replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The config file key of an option: its long name without the dashes. */
    static String key(String longOption) {
        return longOption.replaceFirst("^--", "");
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        Supplied supplied = fromEnvironment(option);
        if (supplied == null && !option.longestName().equals(CONFIG_OPTION)) {
            supplied = fromFile(option);
        }
        if (supplied == null) {
            return null;
        }
        suppliedByOption.put(option.longestName(), supplied);
        return supplied.value();
    }

    private Supplied fromEnvironment(OptionSpec option) {
        String variable = variableFor(option.longestName());
        String value = environment.get(variable);
        if (value == null && option.longestName().equals("--port")) {
            variable = "PORT";
            value = environment.get(variable);
        }
        return value == null ? null : new Supplied(value, new Environment(variable));
    }

    private Supplied fromFile(OptionSpec option) {
        ConfigFile config = configFile(option.command());
        if (config == null) {
            return null;
        }
        ConfigFile.Entry entry = config.entries().get(key(option.longestName()));
        return entry == null ? null : new Supplied(entry.value(), new File(config.where(entry)));
    }

    /**
     * The file named by {@code --config} (or {@code CHAT_CONFIG}), read and its keys checked the
     * first time an option needs it; null when none is named.
     */
    private ConfigFile configFile(CommandSpec command) {
        CommandSpec root = command.root();
        OptionSpec configOption = root.findOption(CONFIG_OPTION);
        Object named = configOption == null ? null : configOption.getValue();
        String path = named != null ? named.toString() : environment.get(variableFor(CONFIG_OPTION));
        if (path == null || path.isBlank()) {
            return null;
        }
        if (file == null || !file.path().equals(Path.of(path))) {
            try {
                file = ConfigFile.read(Path.of(path));
            } catch (ConfigFile.Invalid e) {
                throw new CommandLine.ParameterException(root.commandLine(), e.getMessage());
            }
            requireKnownKeys(file, root);
        }
        return file;
    }

    private static void requireKnownKeys(ConfigFile config, CommandSpec root) {
        Set<String> known = new TreeSet<>();
        for (OptionSpec option : root.options()) {
            if (!option.usageHelp() && !option.versionHelp() && !option.longestName().equals(CONFIG_OPTION)) {
                known.add(key(option.longestName()));
            }
        }
        config.entries().forEach((key, entry) -> {
            if (!known.contains(key)) {
                throw new CommandLine.ParameterException(root.commandLine(), config.where(entry)
                        + ": unknown setting '" + key + "' (the settings are the long option names of chat-server --help,"
                        + " without the dashes)");
            }
        });
    }

    /** What supplied this option's value when its flag was absent, or null for its own default. */
    Supplied supplied(OptionSpec option) {
        return suppliedByOption.get(option.longestName());
    }
}
