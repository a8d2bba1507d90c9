package io.socketchat.server;

import io.socketchat.server.PluginReport.CommandEntry;
import io.socketchat.server.PluginReport.Plugin;
import io.socketchat.server.PluginReport.PluginError;
import io.socketchat.server.spi.ChatObserver;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.spi.SpiVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Loads third-party command plugins: every {@code *.jar} in a directory, each resolved as its
 * own {@link ModuleLayer} on top of the boot layer, its handlers found through {@link
 * ServiceLoader} beside the built-ins.
 *
 * <p>One layer per jar keeps jars apart: a jar that does not resolve, does not construct, or
 * claims a taken word is refused on its own and the others load. Jars load in file name
 * order; when two jars clash (same module, shared package, same command word) the later one
 * is refused. A plugin may require only modules the server already has (the JDK,
 * {@code io.socketchat.server}, {@code io.socketchat.protocol}, {@code org.slf4j}, ...).
 *
 * <p>Each refusal is logged as {@code [PLUGIN] error jar=... reason="..."} and listed in the
 * report; whether that stops the server is the caller's choice ({@link
 * PluginReport#requireNoErrors()}).
 */
public final class Plugins {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    private static final String SERVER_MODULE = "io.socketchat.server";
    private static final String SERVICE = CommandHandler.class.getName();
    private static final String OBSERVER_SERVICE = ChatObserver.class.getName();

    /** The layer holding the server (the boot layer when launched with -m), so plugins resolve against it. */
    private final ModuleLayer parent = Optional.ofNullable(Plugins.class.getModule().getLayer()).orElse(ModuleLayer.boot());
    private final Map<String, String> commandOwners = new HashMap<>();
    private final Map<String, String> moduleOwners = new HashMap<>();
    private final Map<String, String> packageOwners = new HashMap<>();
    private final List<CommandEntry> commands = new ArrayList<>();
    private final List<Plugin> loaded = new ArrayList<>();
    private final List<PluginError> errors = new ArrayList<>();
    private final List<ChatObserver> observers = new ArrayList<>();

    private Plugins(List<CommandHandler> builtIns) {
        for (CommandHandler handler : builtIns) {
            CommandEntry entry = CommandEntry.of(handler, null);
            commands.add(entry);
            commandOwners.putIfAbsent(entry.word(), "built-in " + entry.module());
        }
        List<ModuleLayer> layers = new ArrayList<>(List.of(parent));
        for (int i = 0; i < layers.size(); i++) {
            layers.addAll(layers.get(i).parents());
        }
        for (ModuleLayer layer : layers) {
            for (Module module : layer.modules()) {
                moduleOwners.putIfAbsent(module.getName(), "the server");
                for (String pkg : module.getPackages()) {
                    packageOwners.putIfAbsent(pkg, "server module " + module.getName());
                }
            }
        }
    }

    /**
     * Loads every plugin jar in {@code directory} beside {@code builtIns}. A missing directory
     * means no plugins. Never throws for a bad jar: see {@link PluginReport#errors()}.
     */
    public static PluginReport load(Path directory, List<CommandHandler> builtIns) {
        Plugins plugins = new Plugins(builtIns);
        if (!Files.exists(directory)) {
            log.info("[PLUGIN] directory={} missing=true plugins=0", directory);
        } else {
            plugins.loadAll(directory);
        }
        return new PluginReport(directory, plugins.commands, plugins.loaded, plugins.errors, plugins.observers);
    }

    private void loadAll(Path directory) {
        List<Path> jars;
        try (Stream<Path> files = Files.list(directory)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            refuse(directory, "cannot list the plugin directory: " + e, null);
            return;
        }
        log.info("[PLUGIN] directory={} jars={}", directory, jars.size());
        for (Path jar : jars) {
            try {
                accept(jar, loadJar(jar));
            } catch (Refusal refusal) {
                refuse(jar, refusal.getMessage(), refusal.getCause());
            }
        }
    }

    private record Candidate(ModuleDescriptor descriptor, SpiVersion spi, List<CommandHandler> handlers,
                             List<ChatObserver> observers) {
    }

    private Candidate loadJar(Path jar) throws Refusal {
        ModuleDescriptor descriptor = describe(jar);
        String name = descriptor.name();
        SpiVersion spi = checkSpiVersion(descriptor);
        if (descriptor.provides().stream().noneMatch(p -> p.service().equals(SERVICE) || p.service().equals(OBSERVER_SERVICE))) {
            throw new Refusal("module " + name + " does not declare 'provides " + SERVICE + " with ...'"
                    + " (or 'provides " + OBSERVER_SERVICE + " with ...')");
        }
        String moduleOwner = moduleOwners.get(name);
        if (moduleOwner != null) {
            throw new Refusal("module " + name + " is already loaded by " + moduleOwner);
        }
        for (String pkg : descriptor.packages()) {
            String owner = packageOwners.get(pkg);
            if (owner != null) {
                throw new Refusal("split package " + pkg + ": also in " + owner);
            }
        }
        ModuleLayer layer = defineLayer(jar, name);
        List<CommandHandler> handlers = instantiate(layer);
        List<ChatObserver> observers = instantiateObservers(layer);
        if (handlers.isEmpty() && observers.isEmpty()) {
            throw new Refusal("module " + name + " provides no command handler");
        }
        checkWords(handlers, name);
        return new Candidate(descriptor, spi, handlers, observers);
    }

    /** The jar's module descriptor; an automatic module (no module-info) is refused. */
    private static ModuleDescriptor describe(Path jar) throws Refusal {
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(jar).findAll();
        } catch (FindException e) {
            throw new Refusal("not a readable module: " + messages(e), e);
        }
        if (found.size() != 1) {
            throw new Refusal("not a module jar");
        }
        ModuleDescriptor descriptor = found.iterator().next().descriptor();
        if (descriptor.isAutomatic()) {
            throw new Refusal("not a modular jar: no module-info.class (a plugin must be a named module that"
                    + " declares 'provides " + SERVICE + " with ...')");
        }
        return descriptor;
    }

    /**
     * The SPI version the plugin was compiled against, as javac recorded it in its
     * {@code requires io.socketchat.server}; refuses a missing or incompatible one.
     */
    private static SpiVersion checkSpiVersion(ModuleDescriptor descriptor) throws Refusal {
        ModuleDescriptor.Requires requires = descriptor.requires().stream()
                .filter(r -> r.name().equals(SERVER_MODULE))
                .findFirst()
                .orElseThrow(() -> new Refusal("module " + descriptor.name() + " does not require " + SERVER_MODULE));
        ModuleDescriptor.Version compiled = requires.compiledVersion().orElseThrow(() -> new Refusal(
                "built against an unversioned " + SERVER_MODULE + ", so its SPI version is unknown"
                        + " (build against a released chat-server jar; this server has SPI " + SpiVersion.CURRENT + ")"));
        SpiVersion spi = SpiVersion.fromModuleVersion(compiled).orElseThrow(() -> new Refusal(
                "built against " + SERVER_MODULE + "@" + compiled + ", which records no SPI version"
                        + " (this server has SPI " + SpiVersion.CURRENT + ")"));
        if (!spi.runsOn(SpiVersion.CURRENT)) {
            throw new Refusal("built for SPI " + spi + " (" + SERVER_MODULE + "@" + compiled + "), this server has SPI "
                    + SpiVersion.CURRENT + (spi.major() != SpiVersion.MAJOR
                    ? ": the major versions differ, rebuild the plugin against this server"
                    : ": the plugin needs a newer server"));
        }
        return spi;
    }

    private ModuleLayer defineLayer(Path jar, String name) throws Refusal {
        try {
            Configuration configuration = parent.configuration().resolve(ModuleFinder.of(jar), ModuleFinder.of(), Set.of(name));
            return parent.defineModulesWithOneLoader(configuration, Plugins.class.getClassLoader());
        } catch (FindException | ResolutionException | LayerInstantiationException | SecurityException e) {
            throw new Refusal("does not resolve: " + messages(e), e);
        }
    }

    /** Constructs the layer's own handlers (the service loader also sees the parents' ones). */
    private static List<CommandHandler> instantiate(ModuleLayer layer) throws Refusal {
        List<CommandHandler> handlers = new ArrayList<>();
        String current = "?";
        try {
            for (ServiceLoader.Provider<CommandHandler> provider : ServiceLoader.load(layer, CommandHandler.class)
                    .stream().filter(p -> p.type().getModule().getLayer() == layer).toList()) {
                current = provider.type().getName();
                CommandHandler handler = provider.get();
                CommandSpec spec = handler.spec();
                if (spec == null) {
                    throw new Refusal("handler " + current + " returned no spec()");
                }
                handlers.add(handler);
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new Refusal("handler " + current + " failed to start: " + messages(e), e);
        }
        return handlers;
    }

    /** Constructs the layer's own chat observers. */
    private static List<ChatObserver> instantiateObservers(ModuleLayer layer) throws Refusal {
        List<ChatObserver> found = new ArrayList<>();
        String current = "?";
        try {
            for (ServiceLoader.Provider<ChatObserver> provider : ServiceLoader.load(layer, ChatObserver.class)
                    .stream().filter(p -> p.type().getModule().getLayer() == layer).toList()) {
                current = provider.type().getName();
                found.add(provider.get());
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new Refusal("observer " + current + " failed to start: " + messages(e), e);
        }
        return found;
    }

    private void checkWords(List<CommandHandler> handlers, String module) throws Refusal {
        Map<String, CommandHandler> words = new HashMap<>();
        for (CommandHandler handler : handlers) {
            String word = handler.spec().word();
            if (words.putIfAbsent(word, handler) != null) {
                throw new Refusal("command " + word + " is claimed twice within module " + module);
            }
            String owner = commandOwners.get(word);
            if (owner != null) {
                throw new Refusal("command " + word + " is already taken by " + owner);
            }
        }
    }

    private void accept(Path jar, Candidate candidate) {
        ModuleDescriptor descriptor = candidate.descriptor();
        String owner = "plugin " + jar.getFileName() + " (module " + descriptor.name() + ")";
        List<String> words = new ArrayList<>();
        for (CommandHandler handler : candidate.handlers()) {
            CommandEntry entry = CommandEntry.of(handler, jar);
            commands.add(entry);
            commandOwners.put(entry.word(), owner);
            words.add(entry.word());
        }
        observers.addAll(candidate.observers());
        moduleOwners.put(descriptor.name(), owner);
        for (String pkg : descriptor.packages()) {
            packageOwners.put(pkg, owner);
        }
        Plugin plugin = new Plugin(jar, descriptor.name(), descriptor.rawVersion().orElse(""),
                candidate.spi().toString(), words);
        loaded.add(plugin);
        log.info("[PLUGIN] loaded jar={} module={} version={} spi={} commands={}{}", jar, plugin.module(),
                plugin.version().isEmpty() ? "-" : plugin.version(), plugin.spi(), String.join(",", plugin.words()),
                candidate.observers().isEmpty() ? "" : " observers=" + candidate.observers().size());
    }

    private void refuse(Path jar, String reason, Throwable cause) {
        errors.add(new PluginError(jar, reason));
        if (cause != null && !(cause instanceof FindException) && !(cause instanceof ResolutionException)) {
            log.error("[PLUGIN] error jar={} reason=\"{}\"", jar, reason, cause); // plugin code failed: keep its stack
        } else {
            log.error("[PLUGIN] error jar={} reason=\"{}\"", jar, reason);
        }
    }

    /** The message of a failure and its causes, on one line. */
    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = Optional.ofNullable(t.getMessage()).orElse(t.getClass().getName());
            if (t != failure) {
                text.append(": ");
                if (!message.contains(t.getClass().getSimpleName())) {
                    text.append(t.getClass().getName()).append(": ");
                }
            }
            text.append(message.replace('\n', ' '));
        }
        return text.toString();
    }

    /** Why one jar is refused; its message is the reason operators read. */
    private static final class Refusal extends Exception {

        Refusal(String reason) {
            super(reason);
        }

        Refusal(String reason, Throwable cause) {
            super(reason, cause);
        }
    }
}
