package io.socketchat.server;

import io.socketchat.server.PluginReport.PluginError;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.SpiVersion;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.spi.SpiVersion;
import io.socketchat.testkit.JarBuilder;
import io.socketchat.testkit.TestClient;
import io.socketchat.testkit.TestPlugins;
import io.socketchat.testkit.TestPlugins.Broken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plugin jars compiled in the test, loaded from a real directory, used over real sockets. */
class PluginsTest {

    /** Stands in for the built-in PING (chat-commands is not available to this module's tests). */
    private static final CommandHandler BUILT_IN_PING = new CommandHandler() {
        @Override
        public CommandSpec spec() {
            return CommandSpec.of("PING").permitBeforeLogin();
        }

        @Override
        public void handle(CommandContext context) {
            context.reply("PONG");
        }
    };

    /** A command handler from a spec and a body (for stand-ins of the built-ins). */
    private static CommandHandler handler(CommandSpec spec, java.util.function.Consumer<CommandContext> body) {
        return new CommandHandler() {
            @Override
            public CommandSpec spec() {
                return spec;
            }

            @Override
            public void handle(CommandContext context) {
                body.accept(context);
            }
        };
    }

    @TempDir
    Path work;
    Path plugins;
    TestPlugins testPlugins;
    ChatServer server;

    @BeforeEach
    void setUp() throws IOException {
        plugins = Files.createDirectory(work.resolve("plugins"));
        testPlugins = TestPlugins.againstBootLayer(work.resolve("scratch"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdown();
        }
    }

    private PluginReport load() {
        return Plugins.load(plugins, List.of(BUILT_IN_PING));
    }

    private int start(PluginReport report) throws IOException {
        ServerConfig config = ServerConfig.builder().bindAddress(InetAddress.getLoopbackAddress()).port(0).build();
        server = ChatServer.start(config, report);
        return server.port();
    }

    @Test
    void aPluginJarOfObserversOnlyIsLoadedAndSeesLoginsMessagesAndLeaves() throws IOException {
        List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        System.getProperties().put(TestPlugins.WATCHER_EVENTS, seen);
        try {
            testPlugins.watcher(plugins);
            // Stand-ins for the built-in LOGIN and MSG (chat-commands is not available here).
            CommandHandler login = handler(CommandSpec.of("LOGIN").permitBeforeLogin(),
                    context -> context.chat().login(context.sender(), context.argument(), "OK"));
            CommandHandler msg = handler(CommandSpec.of("MSG"),
                    context -> context.chat().broadcastMessage(context.sender(), context.argument()));
            PluginReport report = Plugins.load(plugins, List.of(BUILT_IN_PING, login, msg));
            assertThat(report.errors()).isEmpty();
            assertThat(report.loaded()).singleElement().satisfies(plugin -> {
                assertThat(plugin.module()).isEqualTo("test.watch");
                assertThat(plugin.words()).isEmpty();
            });
            assertThat(report.observers()).singleElement()
                    .satisfies(observer -> assertThat(observer.name()).isEqualTo("test.watch.Watcher"));
            int port = start(report);
            try (TestClient ann = TestClient.connect(port)) {
                ann.send("LOGIN ann");
                assertThat(ann.readLine()).isEqualTo("OK");
                ann.send("MSG hello");
                ann.send("PING");
                assertThat(ann.readLine()).isEqualTo("PONG");
            }
            org.awaitility.Awaitility.await().until(() -> seen.size() == 3);
            assertThat(seen.get(0)).startsWith("LoggedIn[name=ann, remote=127.0.0.1:");
            assertThat(seen.get(1)).startsWith("LobbyMessage[sender=ann, text=hello, recipients=0,");
            assertThat(seen.get(2)).startsWith("Left[name=ann, remote=127.0.0.1:").contains("reason=quit");
        } finally {
            System.getProperties().remove(TestPlugins.WATCHER_EVENTS);
        }
    }

    @Test
    void aMissingDirectoryMeansOnlyTheBuiltIns() {
        PluginReport report = Plugins.load(work.resolve("no-such-dir"), List.of(BUILT_IN_PING));

        assertThat(report.loaded()).isEmpty();
        assertThat(report.errors()).isEmpty();
        assertThat(report.commands()).singleElement().satisfies(entry -> {
            assertThat(entry.word()).isEqualTo("PING");
            assertThat(entry.builtIn()).isTrue();
            assertThat(entry.module()).isEqualTo("io.socketchat.server");
        });
    }

    @Test
    void aPluginPathThatIsNotADirectoryIsAnError() throws IOException {
        Path file = Files.writeString(work.resolve("plugins.txt"), "not a directory");

        PluginReport report = Plugins.load(file, List.of(BUILT_IN_PING));

        assertThat(report.errors()).singleElement().satisfies(error -> {
            assertThat(error.jar()).isEqualTo(file);
            assertThat(error.reason()).startsWith("cannot list the plugin directory");
        });
        assertThat(report.commands()).extracting(PluginReport.CommandEntry::word).containsExactly("PING");
    }

    @Test
    void aPluginCommandRunsOnAVirtualThreadInOrderWithLinesTheLoopHandles() throws IOException {
        // Unknown words are answered on the I/O loop; WHERE, a plugin's, may block, so it runs
        // on the connection's virtual thread. One write interleaves both: the answers keep the
        // order of the lines.
        testPlugins.where(plugins);
        try (TestClient client = TestClient.connect(start(load()))) {
            client.sendRaw("NOPE\nWHERE a\nNOPE\nWHERE b\nNOPE\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(List.of(client.readLine(), client.readLine(), client.readLine(), client.readLine(), client.readLine()))
                    .containsExactly("ERR unknown-cmd", "WHERE a virtual=true", "ERR unknown-cmd", "WHERE b virtual=true",
                            "ERR unknown-cmd");
        }
    }

    @Test
    void aGoodPluginServesItsCommandBesideTheBuiltIns() throws IOException {
        Path jar = testPlugins.echo(plugins);
        Files.writeString(plugins.resolve("README.txt"), "not a jar: ignored");

        PluginReport report = load();

        assertThat(report.errors()).isEmpty();
        assertThat(report.loaded()).singleElement().satisfies(plugin -> {
            assertThat(plugin.jar()).isEqualTo(jar);
            assertThat(plugin.module()).isEqualTo("test.echo");
            assertThat(plugin.version()).isEqualTo("3.1.4");
            assertThat(plugin.spi()).isEqualTo(SpiVersion.CURRENT.toString());
            assertThat(plugin.words()).containsExactly("ECHO");
        });
        assertThat(report.commands()).extracting(PluginReport.CommandEntry::word).containsExactly("ECHO", "PING");
        assertThat(report.commands().get(0).jar()).isEqualTo(jar);
        assertThat(report.commands().get(0).module()).isEqualTo("test.echo");

        try (TestClient client = TestClient.connect(start(report))) {
            client.send("echo hello  plugin");
            assertThat(client.readLine()).isEqualTo("ECHO hello  plugin");
            client.send("PING");
            assertThat(client.readLine()).isEqualTo("PONG");
        }
        assertThat(server.plugins()).isSameAs(report);
        assertThat(server.commands()).containsOnlyKeys("ECHO", "PING");
    }

    @Test
    void eachBrokenJarIsRefusedWithItsReasonWhileBuiltInsAndGoodPluginsServe() throws IOException {
        testPlugins.allBroken(plugins); // echo.jar and every broken jar
        testPlugins.failing(plugins); // a second good plugin

        PluginReport report = load();

        Map<String, String> reasons = report.errors().stream()
                .collect(Collectors.toMap(e -> e.jar().getFileName().toString(), PluginError::reason));
        assertThat(reasons).hasSize(Broken.values().length);
        for (Broken broken : Broken.values()) {
            assertThat(reasons.get(broken.fileName)).as(broken.name()).contains(broken.reason);
        }
        assertThat(report.loaded()).extracting(PluginReport.Plugin::module).containsExactly("test.echo", "test.fail");
        assertThat(report.commands()).extracting(PluginReport.CommandEntry::word).containsExactly("ECHO", "FAIL", "PING");
        assertThatThrownBy(report::requireNoErrors)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("strict")
                .hasMessageContaining("jar=" + plugins.resolve(Broken.CONSTRUCTOR_THROWS.fileName));

        try (TestClient client = TestClient.connect(start(report))) {
            client.send("PING");
            assertThat(client.readLine()).isEqualTo("PONG");
            client.send("ECHO still here");
            assertThat(client.readLine()).isEqualTo("ECHO still here");
            for (String refusedWord : List.of("PLAIN", "NEEDY", "SNEAKY", "COPY", "BOOM", "STUBBED", "QUIET", "NOSPEC")) {
                client.send(refusedWord);
                assertThat(client.readLine()).as(refusedWord).isEqualTo("ERR unknown-cmd");
            }
        }
    }

    @Test
    void specificReasonsNameWhatIsWrong() throws IOException {
        testPlugins.allBroken(plugins);

        Map<String, String> reasons = load().errors().stream()
                .collect(Collectors.toMap(e -> e.jar().getFileName().toString(), PluginError::reason));

        assertThat(reasons.get(Broken.OTHER_SPI_MAJOR.fileName))
                .contains("this server has SPI " + SpiVersion.CURRENT).contains("major versions differ");
        assertThat(reasons.get(Broken.NEWER_SPI_MINOR.fileName)).contains("needs a newer server");
        assertThat(reasons.get(Broken.MISSING_DEPENDENCY.fileName)).contains("does not resolve");
        assertThat(reasons.get(Broken.WORD_OF_BUILT_IN.fileName)).contains("built-in io.socketchat.server");
        assertThat(reasons.get(Broken.SPLIT_PACKAGE_WITH_SERVER.fileName)).contains("server module io.socketchat.server");
        assertThat(reasons.get(Broken.CONSTRUCTOR_THROWS.fileName)).contains("test.boom.BoomCommand");
    }

    @Test
    void aHandlerThatThrowsAnswersInternalErrorToThatClientOnly() throws IOException {
        testPlugins.failing(plugins);
        int port = start(load());

        try (TestClient failing = TestClient.connect(port); TestClient bystander = TestClient.connect(port)) {
            failing.send("FAIL");
            assertThat(failing.readLine()).isEqualTo("ERR internal-error");
            failing.send("FAIL error"); // an AssertionError, not an Exception
            assertThat(failing.readLine()).isEqualTo("ERR internal-error");
            assertThat(failing.drain()).isEmpty(); // the session goes on: PING still answers

            assertThat(bystander.drain()).isEmpty();
        }
    }

    @Test
    void aPluginCannotReachTheServerInternalsByReflection() throws IOException {
        testPlugins.probe(plugins);

        try (TestClient client = TestClient.connect(start(load()))) {
            client.send("PROBE");
            assertThat(client.readLine()).isEqualTo("PROBE class=io.socketchat.server.internal.BatchedChat"
                    + " invoke=java.lang.IllegalAccessException"
                    + " setAccessible=java.lang.reflect.InaccessibleObjectException");
        }
    }

    @Test
    void aPluginCannotCompileAgainstTheServerInternals() {
        JarBuilder.Compilation compilation = testPlugins.compileAgainstInternals();

        assertThat(compilation.success()).isFalse();
        assertThat(compilation.diagnostics())
                .contains("package io.socketchat.server.internal")
                .contains("does not export it");
    }

    @Test
    void jarsLoadInFileNameOrderSoTheFirstClaimWins() throws IOException {
        testPlugins.echo(plugins);
        testPlugins.broken(Broken.WORD_OF_PLUGIN, plugins);
        // "echo.jar" sorts before "word-echo.jar": the later jar is the one refused.
        PluginReport report = load();

        assertThat(report.loaded()).extracting(p -> p.jar().getFileName().toString()).containsExactly("echo.jar");
        assertThat(report.errors()).extracting(e -> e.jar().getFileName().toString()).containsExactly("word-echo.jar");
        assertThat(Arrays.asList(report.errors().get(0).reason().split(" "))).contains("(module", "test.echo)");
    }
}
