package io.socketchat.server;

import io.socketchat.server.spi.ChatObserver;
import io.socketchat.server.spi.CommandHandler;

import java.lang.module.ModuleDescriptor;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@link Plugins#load} found: every command the server will serve with where it comes
 * from, the plugin jars loaded, and the jars refused with the reason. Hand it to {@link
 * ChatServer#start(ServerConfig, PluginReport)}; the running server keeps it ({@link
 * ChatServer#plugins()}) for operators.
 *
 * @param directory the plugin directory that was searched, or {@code null} when none was
 * @param commands  every command, built-in and plugin, sorted by word
 * @param loaded    the plugin jars that were loaded, in load order (jar file name order)
 * @param errors    the plugin jars that were refused, in load order
 * @param observers the chat observers the loaded plugin jars provide, in load order
 */
public record PluginReport(Path directory, List<CommandEntry> commands, List<Plugin> loaded, List<PluginError> errors,
                           List<ChatObserver> observers) {

    public PluginReport {
        commands = commands.stream().sorted(Comparator.comparing(CommandEntry::word)).toList();
        loaded = List.copyOf(loaded);
        errors = List.copyOf(errors);
        observers = List.copyOf(observers);
    }

    /** A report without observers. */
    public PluginReport(Path directory, List<CommandEntry> commands, List<Plugin> loaded, List<PluginError> errors) {
        this(directory, commands, loaded, errors, List.of());
    }

    /** A report for a server without a plugin directory: only these built-in handlers. */
    public static PluginReport builtInsOnly(List<CommandHandler> handlers) {
        return new PluginReport(null, handlers.stream().map(h -> CommandEntry.of(h, null)).toList(), List.of(), List.of());
    }

    /** The handlers to serve: built-ins and loaded plugins. */
    public List<CommandHandler> handlers() {
        return commands.stream().map(CommandEntry::handler).toList();
    }

    public boolean hasErrors() {
        return !errors.isEmpty();
    }

    /**
     * For {@code --strict-plugins}: fails when any jar was refused.
     *
     * @throws IllegalStateException naming every refused jar and why
     */
    public PluginReport requireNoErrors() {
        if (hasErrors()) {
            throw new IllegalStateException("refusing to start (strict plugins): " + errors.stream()
                    .map(e -> "jar=" + e.jar() + " reason=" + e.reason())
                    .collect(Collectors.joining("; ")));
        }
        return this;
    }

    /**
     * One command and its origin.
     *
     * @param word    the command word, upper case
     * @param module  the module of the handler class ({@code unnamed} for the class path)
     * @param version that module's version, empty when it has none
     * @param jar     the plugin jar it was loaded from, {@code null} for a built-in
     * @param handler the handler
     */
    public record CommandEntry(String word, String module, String version, Path jar, CommandHandler handler) {

        static CommandEntry of(CommandHandler handler, Path jar) {
            Module module = WrappedCommand.unwrap(handler).getClass().getModule();
            return new CommandEntry(handler.spec().word(), module.isNamed() ? module.getName() : "unnamed",
                    versionOf(module), jar, handler);
        }

        public boolean builtIn() {
            return jar == null;
        }
    }

    /**
     * A loaded plugin jar.
     *
     * @param jar     the jar file
     * @param module  its module name
     * @param version its module version, empty when it has none
     * @param spi     the SPI version it was compiled against, e.g. {@code 1.0}
     * @param words   the command words it added, sorted (none for a jar of observers only)
     */
    public record Plugin(Path jar, String module, String version, String spi, List<String> words) {

        public Plugin {
            words = words.stream().sorted().toList();
        }
    }

    /**
     * A refused plugin jar.
     *
     * @param jar    the jar file (or the directory, when it could not be listed)
     * @param reason one line saying what is wrong, for operators
     */
    public record PluginError(Path jar, String reason) {
    }

    static String versionOf(Module module) {
        return Optional.ofNullable(module.getDescriptor())
                .flatMap(ModuleDescriptor::rawVersion)
                .orElse("");
    }
}
