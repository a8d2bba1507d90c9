package io.socketchat.console;

import io.socketchat.console.admin.AdminClientCommand;
import io.socketchat.console.admin.AdminSocketOptions;
import io.socketchat.console.admin.OperatorConsole;
import io.socketchat.server.ChatServer;
import io.socketchat.server.IoEngine;
import io.socketchat.server.PluginReport;
import io.socketchat.server.Plugins;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.web.WebPort;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
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
                "Connect with: ncat localhost " + ServerConfig.DEFAULT_PORT + ", then LOGIN <name>.",
                "Every option can also be set through an environment variable: CHAT_ plus the",
                "option name in upper snake case (--idle-timeout -> CHAT_IDLE_TIMEOUT).",
                "A flag beats its variable; a variable beats the default.",
                ""},
        footer = {
                "",
                "Durations: 500ms, 60s, 5m, 1h (a bare number is seconds).",
                "Sizes: 65536, 64KiB, 1MiB (K, KB and KiB all mean 1024 bytes).",
                "SIGINT and SIGTERM shut down gracefully: clients read 'INFO server shutting down'.",
                "TLS: --tls-port 4443 --tls-cert fullchain.pem --tls-key privkey.pem (certbot's files); after a renewal,",
                "'tls reload' at the operator console serves the new certificate to new connections.",
                "With a terminal on stdin, a 'chat> ' operator prompt runs next to the server ('help').",
                "From another shell: chat-server admin [--admin-socket PATH] [COMMAND...] (see admin --help).",
                "After moving the distribution: chat-server --build-aot-cache rebuilds its start-up cache (JDK 25+)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Stopped normally (signal or shutdown).",
                "1:Could not start (port in use, admin socket in use, bad plugin, unreadable TLS certificate or key, ...).",
                "2:Invalid option or environment value."})
public final class ServerCommand implements Callable<Integer> {

    /** The smallest --max-line ServerConfig accepts. */
    private static final int MIN_MAX_LINE = 16;

    @Option(names = "--port", converter = Converters.Port.class, defaultValue = "" + ServerConfig.DEFAULT_PORT, paramLabel = "N",
            description = "TCP port to listen on, 0 for any free port (env CHAT_PORT or PORT; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "0.0.0.0", paramLabel = "ADDR",
            description = "Address to listen on (env CHAT_BIND; default ${DEFAULT-VALUE}, all addresses).")
    InetAddress bind;

    @Option(names = "--io", defaultValue = "loop", paramLabel = "ENGINE",
            description = "What serves plain TCP connections: 'loop' (NIO selector loops; an idle connection holds"
                    + " no thread) or 'virtual' (one virtual thread per connection blocked in its read, as TLS always"
                    + " uses). Same protocol and limits either way (env CHAT_IO; default ${DEFAULT-VALUE}).")
    IoEngine io;

    @Option(names = "--tls-port", converter = Converters.Port.class, paramLabel = "N",
            description = "Also listen for TLS (1.2 and 1.3 only) on port N, 0 for any free port; off unless given."
                    + " Clients: openssl s_client -connect HOST:N -quiet, or ncat --ssl HOST N. Needs --tls-cert"
                    + " (env CHAT_TLS_PORT).")
    Integer tlsPort;

    @Option(names = "--tls-bind", paramLabel = "ADDR",
            description = "Address the TLS listener binds (env CHAT_TLS_BIND; default: the --bind address).")
    InetAddress tlsBind;

    @Option(names = "--tls-cert", paramLabel = "FILE",
            description = "TLS certificate chain in PEM, as certbot writes it (/etc/letsencrypt/live/NAME/fullchain.pem),"
                    + " or a PKCS#12 keystore (.p12) holding key and chain. Read at start and by the operator"
                    + " command 'tls reload' (env CHAT_TLS_CERT).")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE",
            description = "Private key of a PEM --tls-cert, unencrypted PEM as certbot writes it (privkey.pem):"
                    + " PKCS#8 'BEGIN PRIVATE KEY' (RSA or EC), or 'BEGIN RSA PRIVATE KEY' / 'BEGIN EC PRIVATE KEY'"
                    + " (env CHAT_TLS_KEY).")
    Path tlsKey;

    @Option(names = "--tls-key-password", paramLabel = "PASSWORD",
            description = "Password of a PKCS#12 --tls-cert. Prefer the variable CHAT_TLS_KEY_PASSWORD: a flag shows"
                    + " in ps (default: none).")
    String tlsKeyPassword;

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

    @Option(names = "--max-clients", converter = Converters.MaxClients.class, defaultValue = "auto", paramLabel = "N",
            description = "Most connections open at once, logged in or not; more get ERR server-full. 'auto': the "
                    + "open-file limit (ulimit -n) less 256, or 10000 if unknown (env CHAT_MAX_CLIENTS; default ${DEFAULT-VALUE}).")
    int maxClients;

    @Option(names = "--max-per-ip", converter = Converters.Count.class, defaultValue = "" + ServerConfig.DEFAULT_MAX_PER_IP, paramLabel = "N",
            description = "Most connections open at once from one address, logged in or not; more get ERR too-many-connections (env CHAT_MAX_PER_IP; default ${DEFAULT-VALUE}).")
    int maxPerIp;

    @Option(names = "--exempt", converter = Converters.Ranges.class, defaultValue = "127.0.0.0/8,::1",
            paramLabel = "CIDR,...",
            description = "Address ranges --max-per-ip does not apply to, or 'none' (env CHAT_EXEMPT; default ${DEFAULT-VALUE}).")
    Converters.AddressRanges exempt;

    @Option(names = "--login-timeout", converter = Converters.Timeout.class, defaultValue = "60s",
            paramLabel = "DURATION",
            description = "Close a connection that has not logged in this long, with ERR login-timeout (env CHAT_LOGIN_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration loginTimeout;

    @Option(names = "--flood-rate", converter = Converters.Rate.class, defaultValue = "" + ServerConfig.DEFAULT_FLOOD_RATE, paramLabel = "LINES",
            description = "Lines per second one client may send once its burst is spent; past it the server reads from it more slowly, dropping nothing. 0 turns flood control off (env CHAT_FLOOD_RATE; default ${DEFAULT-VALUE}).")
    int floodRate;

    @Option(names = "--flood-burst", converter = Converters.Count.class, defaultValue = "" + ServerConfig.DEFAULT_FLOOD_BURST, paramLabel = "LINES",
            description = "Lines one client may send at once before --flood-rate applies (env CHAT_FLOOD_BURST; default ${DEFAULT-VALUE}).")
    int floodBurst;

    @Option(names = "--max-buffered", converter = Converters.MaxBuffered.class, defaultValue = "auto",
            paramLabel = "BYTES",
            description = "Memory budget for all connections together: send queues, unread input and partial lines."
                    + " Over it, the connections holding the most are disconnected first ([SLOW] reason=server-memory)."
                    + " 'auto': a quarter of the JVM's maximum heap, ${sys:socketchat.autoMaxBuffered} here"
                    + " (env CHAT_MAX_BUFFERED; default ${DEFAULT-VALUE}).")
    long maxBuffered;

    @Option(names = "--leave-notices", converter = Converters.Count.class, defaultValue = "" + ServerConfig.DEFAULT_LEAVE_NOTICES, paramLabel = "N",
            description = "Most 'INFO <name> disconnected' lines per second; the leaves past it are summed up once a"
                    + " second as 'INFO <n> more users disconnected' (env CHAT_LEAVE_NOTICES; default ${DEFAULT-VALUE}).")
    int leaveNotices;

    @Option(names = "--log-level", defaultValue = "INFO", paramLabel = "LEVEL",
            description = "One of ${COMPLETION-CANDIDATES} (env CHAT_LOG_LEVEL; default ${DEFAULT-VALUE}).")
    LogLevel logLevel;

    @Option(names = "--log-text",
            description = "Log what people write: [MSG] and [DM] lines also get text=\"...\". Without it they carry"
                    + " only the message size (bytes=N), so private messages stay out of the operators' logs unless"
                    + " asked for (env CHAT_LOG_TEXT=true).")
    boolean logText;

    @Option(names = "--plugins", defaultValue = "plugins", paramLabel = "DIR",
            description = "Directory of command plugin jars (modular jars providing the command SPI), loaded at start;"
                    + " a missing directory means none (env CHAT_PLUGINS; default ${DEFAULT-VALUE}, in the working directory).")
    Path plugins;

    @Option(names = "--strict-plugins",
            description = "Refuse to start (exit 1) when any plugin jar is refused, instead of logging it and going on"
                    + " (env CHAT_STRICT_PLUGINS=true).")
    boolean strictPlugins;

    @CommandLine.Mixin
    AdminSocketOptions adminSocket;

    @CommandLine.Mixin
    WebOptions web;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command line with environment defaults and one-line errors wired in. */
    public static CommandLine commandLine(Map<String, String> environment) {
        // What 'auto' means on this JVM, for --help.
        System.setProperty("socketchat.autoMaxBuffered", Converters.describeSize(ServerConfig.defaultMaxBuffered()));
        EnvironmentDefaults defaults = new EnvironmentDefaults(environment);
        CommandLine commandLine = new CommandLine(new ServerCommand());
        AdminClientCommand.addTo(commandLine);
        commandLine.setDefaultValueProvider(defaults);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new OneLineErrors(defaults));
        return commandLine;
    }

    ServerConfig toConfig() {
        // Checked here, not left to ServerConfig, so the error names the flag (or its variable).
        if (maxLine < MIN_MAX_LINE) {
            throw invalid("--max-line", maxLine + " is below the minimum of " + MIN_MAX_LINE + " bytes");
        }
        if (maxLine > Integer.MAX_VALUE - 16) {
            throw invalid("--max-line", maxLine + " is too large");
        }
        if (sendQueue < maxLine) {
            throw invalid("--send-queue", sendQueue + " is smaller than --max-line (" + maxLine + ")");
        }
        if (maxBuffered < Math.max(sendQueue, ServerConfig.MIN_MAX_BUFFERED)) {
            throw invalid("--max-buffered", maxBuffered + " is smaller than --send-queue (" + sendQueue
                    + ") or than the minimum of " + ServerConfig.MIN_MAX_BUFFERED + " bytes");
        }
        TlsSettings tls = tlsSettings();
        return ServerConfig.builder()
                .bindAddress(bind)
                .io(io)
                .port(port)
                .tls(tls)
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
                .maxBufferedBytes(maxBuffered)
                .leaveNoticesPerSecond(leaveNotices)
                .logText(logText)
                .build();
    }

    /** The TLS listener's settings, null when {@code --tls-port} is absent; the files are read at start. */
    private TlsSettings tlsSettings() {
        if (tlsPort == null) {
            for (String option : new String[] {"--tls-cert", "--tls-key", "--tls-bind", "--tls-key-password"}) {
                if (spec.findOption(option).getValue() != null) {
                    throw invalid(option, "needs --tls-port (env CHAT_TLS_PORT)");
                }
            }
            return null;
        }
        if (tlsCert == null) {
            throw invalid("--tls-port", "needs --tls-cert (env CHAT_TLS_CERT): a PEM chain with --tls-key, or a PKCS#12 keystore");
        }
        return new TlsSettings(tlsBind, tlsPort, tlsCert, tlsKey, tlsKeyPassword);
    }

    /** An error OneLineErrors reports as this option's, or as its variable's if that supplied it. */
    private CommandLine.ParameterException invalid(String option, String problem) {
        return new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '" + option + "': " + problem, spec.findOption(option), null);
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
        WebPort webPort = web.webPort(config.bindAddress());
        Signals signals = Signals.install();
        try {
            List<CommandHandler> handlers = ChatServer.discoverCommands();
            PluginReport commands = Plugins.load(plugins, handlers);
            if (strictPlugins) {
                commands.requireNoErrors(); // IllegalStateException naming each refused jar: exit 1 below
            }
            server = ChatServer.start(config, webPort.instrument(commands), webPort.observers(commands));
            signals.serving(server);
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
        try {
            webPort.start(server);
        } catch (IOException e) {
            log.error("[ERROR] cannot listen for HTTP cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: cannot listen for HTTP: " + e.getMessage());
            server.shutdown();
            Logging.flush();
            return 1;
        }
        OperatorConsole console;
        try {
            console = OperatorConsole.start(server, adminSocket);
        } catch (IOException e) {
            log.error("[ERROR] cannot open admin socket cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            server.shutdown();
            webPort.close();
            Logging.flush();
            return 1;
        }
        signals.afterShutdown(console::close);
        server.awaitTermination();
        webPort.close();
        console.close();
        Logging.flush();
        return 0;
    }
}
