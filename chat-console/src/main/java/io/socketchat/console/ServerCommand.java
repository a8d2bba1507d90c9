package io.socketchat.console;

import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code chat-server}: parse options (flags, then environment, then defaults) and run. */
@Command(
        name = "chat-server",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "SocketChat: a line-protocol chat server for ncat and telnet clients.",
                "",
                "Connect with: ncat localhost 4000, then LOGIN <name>.",
                "Every option can also be set through an environment variable: CHAT_ plus the",
                "option name in upper snake case (--idle-timeout -> CHAT_IDLE_TIMEOUT).",
                "A flag beats its variable; a variable beats the default.",
                ""},
        footer = {
                "",
                "Durations: 500ms, 60s, 5m, 1h (a bare number is seconds).",
                "Sizes: 65536, 64KiB, 1MiB (K, KB and KiB all mean 1024 bytes).",
                "SIGINT and SIGTERM shut down gracefully: clients read 'INFO server shutting down'."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Stopped normally (signal or shutdown).",
                "1:Could not start (port in use, bad plugin, ...).",
                "2:Invalid option or environment value."})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--port", converter = Converters.Port.class, defaultValue = "4000", paramLabel = "N",
            description = "TCP port to listen on, 0 for any free port (env CHAT_PORT or PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDR",
            description = "Address to listen on (env CHAT_BIND; default ${DEFAULT-VALUE}, all addresses).")
    InetAddress bind;

    @Option(names = "--idle-timeout", converter = Converters.Timeout.class, defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Disconnect a client silent this long (env CHAT_IDLE_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-line", converter = Converters.ByteSize.class, defaultValue = "64KiB",
            paramLabel = "BYTES",
            description = "Longest line a client may send; longer ones get ERR line-too-long (env CHAT_MAX_LINE; default ${DEFAULT-VALUE}).")
    long maxLine;

    @Option(names = "--send-queue", converter = Converters.ByteSize.class, defaultValue = "1MiB",
            paramLabel = "BYTES",
            description = "Bytes that may wait for one client that stopped reading before it is disconnected (env CHAT_SEND_QUEUE; default ${DEFAULT-VALUE}).")
    long sendQueue;

    @Option(names = "--shutdown-grace", converter = Converters.Timeout.class, defaultValue = "5s",
            paramLabel = "DURATION",
            description = "How long a graceful shutdown lets queues drain (env CHAT_SHUTDOWN_GRACE; default ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @Option(names = "--max-clients", converter = Converters.Count.class, defaultValue = "10000", paramLabel = "N",
            description = "Most connections open at once, logged in or not; more get ERR server-full (env CHAT_MAX_CLIENTS; default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-per-ip", converter = Converters.Count.class, defaultValue = "50", paramLabel = "N",
            description = "Most connections open at once from one address, logged in or not; more get ERR too-many-connections (env CHAT_MAX_PER_IP; default ${DEFAULT-VALUE}).")
    int maxPerIp;

    @Option(names = "--exempt", converter = Converters.Ranges.class, defaultValue = "127.0.0.0/8,::1",
            paramLabel = "CIDR,...",
            description = "Address ranges --max-per-ip does not apply to, or 'none' (env CHAT_EXEMPT; default ${DEFAULT-VALUE}).")
    Converters.AddressRanges exempt;

    @Option(names = "--login-timeout", converter = Converters.Timeout.class, defaultValue = "10s",
            paramLabel = "DURATION",
            description = "Close a connection that has not logged in this long, with ERR login-timeout (env CHAT_LOGIN_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration loginTimeout;

    @Option(names = "--flood-rate", converter = Converters.Rate.class, defaultValue = "10", paramLabel = "LINES",
            description = "Lines per second one client may send once its burst is spent; past it the server reads from it more slowly, dropping nothing. 0 turns flood control off (env CHAT_FLOOD_RATE; default ${DEFAULT-VALUE}).")
    int floodRate;

    @Option(names = "--flood-burst", converter = Converters.Count.class, defaultValue = "40", paramLabel = "LINES",
            description = "Lines one client may send at once before --flood-rate applies (env CHAT_FLOOD_BURST; default ${DEFAULT-VALUE}).")
    int floodBurst;

    @Option(names = "--log-level", defaultValue = "INFO", paramLabel = "LEVEL",
            description = "One of ${COMPLETION-CANDIDATES} (env CHAT_LOG_LEVEL; default ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line with environment defaults and one-line errors wired in. */
    public static CommandLine commandLine(Map<String, String> environment) {
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        CommandLine commandLine = new CommandLine(new ServerCommand());
        commandLine.setDefaultValueProvider(defaults);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new OneLineErrors(defaults));
        return commandLine;
    }

    ServerConfig toConfig() {
        if (maxLine > Integer.MAX_VALUE - 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-line is too large: " + maxLine);
        }
        return ServerConfig.builder()
                .bindAddress(bind)
                .port(port)
                .idleTimeout(idleTimeout)
                .maxLineBytes((int) maxLine)
                .sendQueueBytes(sendQueue)
                .shutdownGrace(shutdownGrace)
                .maxClients(maxClients)
                .maxPerIp(maxPerIp)
                .exempt(exempt.ranges())
                .loginTimeout(loginTimeout)
                .floodRate(floodRate)
                .floodBurst(floodBurst)
                .build();
    }

    @Override
    public Integer call() {
        ServerConfig config;
        try {
            config = toConfig();
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            return 2;
        }
        logLevel.apply();
        Logger log = LoggerFactory.getLogger("io.socketchat.console");
        ChatServer server;
        try {
            List<CommandHandler> handlers = ChatServer.discoverCommands();
            server = ChatServer.start(config, handlers);
        } catch (IOException e) {
            log.error("[ERROR] cannot listen address={} port={} cause={}",
                    config.bindAddress().getHostAddress(), config.port(), e.toString());
            spec.commandLine().getErr().println("chat-server: cannot listen on "
                    + config.bindAddress().getHostAddress() + ":" + config.port() + ": " + e.getMessage());
            Logging.flush();
            return 1;
        } catch (IllegalStateException e) {
            log.error("[ERROR] cannot start cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            Logging.flush();
            return 1;
        }
        Signals.shutDownGracefullyOnExit(server);
        server.awaitTermination();
        Logging.flush();
        return 0;
    }
}
