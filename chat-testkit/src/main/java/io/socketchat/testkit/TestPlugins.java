package io.socketchat.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Command plugin jars for tests, compiled on the spot against the chat-server module of the
 * running JVM: a good one, one that probes the server's internals, and one per way a plugin
 * can be broken ({@link Broken}). The sources are strings so this kit needs no compile-time
 * dependency on the server.
 */
public final class TestPlugins {

    private final List<Path> serverModulePath;
    private final Path work;

    private TestPlugins(List<Path> serverModulePath, Path work) {
        this.serverModulePath = serverModulePath;
        this.work = work;
    }

    /**
     * Plugins compiled against the modules of this JVM's boot layer (which holds
     * {@code io.socketchat.server}, from the reactor); scratch files go under {@code work}.
     */
    public static TestPlugins againstBootLayer(Path work) {
        List<Path> paths = ModuleLayer.boot().configuration().modules().stream()
                .map(module -> module.reference().location().orElse(null))
                .filter(Objects::nonNull)
                .filter(uri -> "file".equals(uri.getScheme()))
                .map(Path::of)
                .distinct()
                .toList();
        if (ModuleLayer.boot().findModule("io.socketchat.server").isEmpty()) {
            throw new IllegalStateException("io.socketchat.server is not in the boot layer of this test JVM");
        }
        return new TestPlugins(paths, work);
    }

    /** {@code ECHO <text>} answers {@code ECHO <text>} (also before login); module {@code test.echo}, version 3.1.4. */
    public Path echo(Path directory) {
        return module("test.echo", "test.echo.EchoCommand")
                .moduleVersion("3.1.4")
                .source("test/echo/EchoCommand.java", handler("test.echo", "EchoCommand", "ECHO",
                        "context.reply(\"ECHO \" + context.argument());"))
                .buildJar(directory.resolve("echo.jar"));
    }

    /** Where {@link #watcher} puts what it observes: a {@code List<String>} in the system properties. */
    public static final String WATCHER_EVENTS = "test.watch.events";

    /**
     * A plugin of observers only, no command (module {@code test.watch}): it adds each chat
     * event's {@code toString()} to the {@code List<String>} the test put in the system
     * properties under {@link #WATCHER_EVENTS} (a plugin shares nothing else with the test).
     */
    public Path watcher(Path directory) {
        return JarBuilder.create().workDirectory(work).modulePath(serverModulePath)
                .source("module-info.java", "module test.watch { requires io.socketchat.server;"
                        + " provides io.socketchat.server.spi.ChatObserver with test.watch.Watcher; }")
                .source("test/watch/Watcher.java", """
                        package test.watch;

                        import io.socketchat.server.spi.ChatEvent;
                        import io.socketchat.server.spi.ChatObserver;
                        import java.util.List;

                        public final class Watcher implements ChatObserver {
                            @Override
                            @SuppressWarnings("unchecked")
                            public void observe(ChatEvent event) {
                                ((List<String>) System.getProperties().get("%s")).add(event.toString());
                            }
                        }
                        """.formatted(WATCHER_EVENTS))
                .buildJar(directory.resolve("watch.jar"));
    }

    /**
     * {@code WHERE <tag>} blocks its thread for 20 ms, then answers
     * {@code WHERE <tag> virtual=<true|false>}: whether it ran on a virtual thread; module {@code test.where}.
     */
    public Path where(Path directory) {
        return module("test.where", "test.where.WhereCommand")
                .source("test/where/WhereCommand.java", handler("test.where", "WhereCommand", "WHERE", """
                        Thread.sleep(20);
                        context.reply("WHERE " + context.argument() + " virtual=" + Thread.currentThread().isVirtual());"""))
                .buildJar(directory.resolve("where.jar"));
    }

    /**
     * {@code FAIL} throws an {@code IllegalStateException}, {@code FAIL error} an
     * {@code AssertionError}, from {@code handle}; module {@code test.fail}.
     */
    public Path failing(Path directory) {
        return module("test.fail", "test.fail.FailCommand")
                .source("test/fail/FailCommand.java", handler("test.fail", "FailCommand", "FAIL", """
                        if (context.argument().equals("error")) {
                            throw new AssertionError("plugin assertion");
                        }
                        throw new IllegalStateException("plugin bug");"""))
                .buildJar(directory.resolve("fail.jar"));
    }

    /**
     * {@code HOG} allocates until the heap is exhausted ({@link OutOfMemoryError}), in ever smaller
     * pieces until nothing is left; {@code HOG hold} keeps all of it, a plain {@code HOG} lets it go
     * again. It then answers {@code HOG <pieces>}. Module {@code test.hog}.
     */
    public Path hog(Path directory) {
        return module("test.hog", "test.hog.HogCommand")
                .source("test/hog/HogCommand.java", handler("test.hog", "HogCommand", "HOG", """
                        java.util.List<Object> hoard = context.argument().equals("hold") ? HELD : new java.util.ArrayList<>();
                        int piece = 1 << 20;
                        while (piece >= 16) {
                            try {
                                hoard.add(new byte[piece]);
                            } catch (OutOfMemoryError e) {
                                piece /= 2;
                            }
                        }
                        context.reply("HOG " + hoard.size());""")
                        .replace("/*constructor*/", "static final java.util.List<Object> HELD = new java.util.ArrayList<>();"))
                .buildJar(directory.resolve("hog.jar"));
    }

    /**
     * {@code PROBE} reaches for the server's internal class behind {@code context.chat()}
     * by reflection and answers {@code PROBE class=<class> invoke=<outcome> setAccessible=<outcome>}.
     */
    public Path probe(Path directory) {
        return module("test.probe", "test.probe.ProbeCommand")
                .source("test/probe/ProbeCommand.java", handler("test.probe", "ProbeCommand", "PROBE", """
                        Object hub = context.chat();
                        String invoke;
                        try {
                            hub.getClass().getMethod("userNames").invoke(hub);
                            invoke = "reached";
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            invoke = e.getClass().getName();
                        }
                        String open;
                        try {
                            hub.getClass().getMethod("userNames").setAccessible(true);
                            open = "opened";
                        } catch (ReflectiveOperationException | RuntimeException e) {
                            open = e.getClass().getName();
                        }
                        context.reply("PROBE class=" + hub.getClass().getName() + " invoke=" + invoke
                                + " setAccessible=" + open);"""))
                .buildJar(directory.resolve("probe.jar"));
    }

    /** Compiles (without writing a jar) a plugin that imports the server's internal {@code Hub}. */
    public JarBuilder.Compilation compileAgainstInternals() {
        return module("test.intruder", "test.intruder.Intruder")
                .source("test/intruder/Intruder.java", handler("test.intruder", "Intruder", "INTRUDE",
                        "io.socketchat.server.internal.Hub hub = (io.socketchat.server.internal.Hub) context.chat();"
                                + " context.reply(\"INTRUDE \" + hub.connections().size());"))
                .compile(work.resolve("intruder-classes"));
    }

    /** Ways a plugin jar can be broken; each builds one jar that the server must refuse. */
    public enum Broken {
        /** Plain classes and a META-INF/services file, no module-info: an automatic module. */
        NOT_MODULAR("not-modular.jar", "not a modular jar"),
        /** Requires a module that was there at compile time but is not in the server. */
        MISSING_DEPENDENCY("missing-dependency.jar", "test.absent"),
        /** Puts a package into the server's internal package name. */
        SPLIT_PACKAGE_WITH_SERVER("split-server.jar", "split package io.socketchat.server.internal"),
        /** Ships the package of the good {@code echo.jar}, which sorts (and so loads) first. */
        SPLIT_PACKAGE_WITH_PLUGIN("split-plugin.jar", "split package test.echo"),
        /** A module that requires the SPI but declares no {@code provides}. */
        NO_PROVIDES("no-provides.jar", "does not declare 'provides io.socketchat.server.spi.CommandHandler"),
        /** Its handler's {@code spec()} returns null. */
        NULL_SPEC("null-spec.jar", "test.nospec.NoSpecCommand returned no spec()"),
        /** Its handler's constructor throws. */
        CONSTRUCTOR_THROWS("constructor-throws.jar", "constructor refused to work"),
        /** Claims PING, a built-in word. */
        WORD_OF_BUILT_IN("word-ping.jar", "command PING is already taken by built-in"),
        /** Claims ECHO, the word of the good {@code echo.jar}. */
        WORD_OF_PLUGIN("word-echo.jar", "command ECHO is already taken by plugin echo.jar"),
        /** Compiled against a server whose module records SPI 2.0. */
        OTHER_SPI_MAJOR("spi-major.jar", "built for SPI 2.0"),
        /** Compiled against a server whose module records SPI 1.9, newer than this one. */
        NEWER_SPI_MINOR("spi-minor.jar", "built for SPI 1.9"),
        /** Compiled against a server module with no version at all. */
        UNVERSIONED_SPI("spi-unversioned.jar", "unversioned io.socketchat.server");

        public final String fileName;
        /** A fragment the refusal's reason contains. */
        public final String reason;

        Broken(String fileName, String reason) {
            this.fileName = fileName;
            this.reason = reason;
        }
    }

    /** Builds {@code broken} into {@code directory}; returns the jar. */
    public Path broken(Broken broken, Path directory) {
        Path jar = directory.resolve(broken.fileName);
        return switch (broken) {
            case NOT_MODULAR -> JarBuilder.create().workDirectory(work).modulePath(serverModulePath)
                    .source("test/plain/PlainCommand.java", handler("test.plain", "PlainCommand", "PLAIN", ""))
                    .entry("META-INF/services/io.socketchat.server.spi.CommandHandler", "test.plain.PlainCommand\n")
                    .buildJar(jar);
            case MISSING_DEPENDENCY -> {
                Path absent = JarBuilder.create().workDirectory(work)
                        .source("module-info.java", "module test.absent { exports test.absent; }")
                        .source("test/absent/Absent.java", "package test.absent; public final class Absent {}")
                        .buildClasses(scratch("absent"));
                yield JarBuilder.create().workDirectory(work).modulePath(serverModulePath).modulePath(List.of(absent))
                        .source("module-info.java", moduleInfo("test.needy", "test.needy.NeedyCommand",
                                "requires test.absent;"))
                        .source("test/needy/NeedyCommand.java", handler("test.needy", "NeedyCommand", "NEEDY",
                                "context.reply(new test.absent.Absent().toString());"))
                        .buildJar(jar);
            }
            case SPLIT_PACKAGE_WITH_SERVER -> module("test.sneaky", "io.socketchat.server.internal.SneakyCommand")
                    .source("io/socketchat/server/internal/SneakyCommand.java",
                            handler("io.socketchat.server.internal", "SneakyCommand", "SNEAKY", ""))
                    .buildJar(jar);
            case SPLIT_PACKAGE_WITH_PLUGIN -> module("test.copycat", "test.echo.CopyCommand")
                    .source("test/echo/CopyCommand.java", handler("test.echo", "CopyCommand", "COPY", ""))
                    .buildJar(jar);
            case NO_PROVIDES -> JarBuilder.create().workDirectory(work).modulePath(serverModulePath)
                    .source("module-info.java", "module test.quiet { requires io.socketchat.server; }")
                    .source("test/quiet/QuietCommand.java", handler("test.quiet", "QuietCommand", "QUIET", ""))
                    .buildJar(jar);
            case NULL_SPEC -> module("test.nospec", "test.nospec.NoSpecCommand")
                    .source("test/nospec/NoSpecCommand.java", handler("test.nospec", "NoSpecCommand", "NOSPEC", "")
                            .replace("return new CommandSpec(\"NOSPEC\", 0, true, \"NOSPEC\");", "return null;"))
                    .buildJar(jar);
            case CONSTRUCTOR_THROWS -> module("test.boom", "test.boom.BoomCommand")
                    .source("test/boom/BoomCommand.java", handler("test.boom", "BoomCommand", "BOOM", "")
                            .replace("/*constructor*/", "public BoomCommand() {"
                                    + " throw new IllegalStateException(\"constructor refused to work\"); }"))
                    .buildJar(jar);
            case WORD_OF_BUILT_IN -> module("test.ping", "test.ping.PingCommand")
                    .source("test/ping/PingCommand.java", handler("test.ping", "PingCommand", "PING", ""))
                    .buildJar(jar);
            case WORD_OF_PLUGIN -> module("test.echo2", "test.echo2.EchoCommand")
                    .source("test/echo2/EchoCommand.java", handler("test.echo2", "EchoCommand", "ECHO", ""))
                    .buildJar(jar);
            case OTHER_SPI_MAJOR -> againstStubServer("9.0.0+spi.2.0", "test.future", jar);
            case NEWER_SPI_MINOR -> againstStubServer("0.9.0+spi.1.9", "test.newer", jar);
            case UNVERSIONED_SPI -> againstStubServer(null, "test.unversioned", jar);
        };
    }

    /** Every broken jar, plus the good {@code echo.jar} some of them clash with. */
    public void allBroken(Path directory) {
        echo(directory);
        for (Broken broken : Broken.values()) {
            broken(broken, directory);
        }
    }

    /**
     * A plugin compiled against a stand-in {@code io.socketchat.server} module carrying
     * {@code version}: the same SPI type names, so only the recorded version tells it apart.
     */
    private Path againstStubServer(String version, String module, Path jar) {
        Path stub = JarBuilder.create().workDirectory(work).moduleVersion(version)
                .source("module-info.java", "module io.socketchat.server { exports io.socketchat.server.spi; }")
                .source("io/socketchat/server/spi/CommandHandler.java", """
                        package io.socketchat.server.spi;
                        public interface CommandHandler { CommandSpec spec(); void handle(CommandContext c) throws Exception; }""")
                .source("io/socketchat/server/spi/CommandSpec.java", """
                        package io.socketchat.server.spi;
                        public record CommandSpec(String word, int minArguments, boolean allowedBeforeLogin, String usage) {}""")
                .source("io/socketchat/server/spi/CommandContext.java", """
                        package io.socketchat.server.spi;
                        public interface CommandContext { void reply(String line); String argument(); }""")
                .buildClasses(scratch("stub-server"));
        String pkg = module;
        String type = "StubbedCommand";
        return JarBuilder.create().workDirectory(work).modulePath(List.of(stub))
                .source("module-info.java", moduleInfo(module, pkg + "." + type, ""))
                .source(pkg.replace('.', '/') + "/" + type + ".java", handler(pkg, type, "STUBBED", ""))
                .buildJar(jar);
    }

    /** A builder for module {@code name} whose module-info provides {@code provider}. */
    private JarBuilder module(String name, String provider) {
        return JarBuilder.create().workDirectory(work).modulePath(serverModulePath)
                .source("module-info.java", moduleInfo(name, provider, ""));
    }

    private static String moduleInfo(String name, String provider, String extraRequires) {
        return "module " + name + " { requires io.socketchat.server; " + extraRequires
                + " provides io.socketchat.server.spi.CommandHandler with " + provider + "; }";
    }

    /** Source of a handler class answering {@code <WORD> ok} unless {@code body} says otherwise. */
    private static String handler(String pkg, String type, String word, String body) {
        String handle = body.isEmpty() ? "context.reply(\"" + word + " ok\");" : body;
        return """
                package %s;

                import io.socketchat.server.spi.CommandContext;
                import io.socketchat.server.spi.CommandHandler;
                import io.socketchat.server.spi.CommandSpec;

                public final class %s implements CommandHandler {
                    /*constructor*/
                    @Override
                    public CommandSpec spec() {
                        return new CommandSpec("%s", 0, true, "%s");
                    }

                    @Override
                    public void handle(CommandContext context) throws Exception {
                        %s
                    }
                }
                """.formatted(pkg, type, word, word, handle);
    }

    private Path scratch(String prefix) {
        try {
            Files.createDirectories(work);
            return Files.createTempDirectory(work, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
