package io.socketchat.console;

import io.socketchat.console.admin.AdminClientCommand;
import io.socketchat.console.admin.AdminSocketOptions;
import io.socketchat.console.admin.OperatorConsole;
import io.socketchat.server.ChatServer;
import io.socketchat.server.IoEngine;
import io.socketchat.server.PluginReport;
import io.socketchat.server.Plugins;
import io.socketchat.server.RoomSettings;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.AccountSettings;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.WriterStats;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.irc.IrcPort;
import io.socketchat.server.cluster.ClusterLink;
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
                "option name in upper snake case (--idle-timeout -> CHAT_IDLE_TIMEOUT), and in",
                "the --config file as 'idle-timeout = 30s'. A flag beats its variable, a variable",
                "beats the file, the file beats the default; 'chat-server config' shows each source.",
                ""},
        footer = {
                "",
                "Durations: 500ms, 60s, 5m, 1h (a bare number is seconds).",
                "Sizes: 65536, 64KiB, 1MiB (K, KB and KiB all mean 1024 bytes).",
                "SIGINT and SIGTERM shut down gracefully: clients read 'INFO server shutting down'.",
                "SIGHUP (or 'reload' at the console) reads the settings again and applies those that can",
                "change live: timeouts, connection limits, flood control, log level, TLS certificate files.",
                "TLS: --tls-port 4443 --tls-cert fullchain.pem --tls-key privkey.pem (certbot's files); after a renewal,",
                "'tls reload' at the operator console serves the new certificate to new connections.",
                "History: lobby MSGs and room SAYs go to --data-dir (SQLite, WAL); a kill -9 loses at most the last"
                        + " --history-flush of them.",
                "A cluster shares its history in PostgreSQL: --store postgresql://USER:PASSWORD@HOST:5432/DB.",
                "With a terminal on stdin, a 'chat> ' operator prompt runs next to the server ('help').",
                "From another shell: chat-server admin [--admin-socket PATH] [COMMAND...] (see admin --help).",
                "After moving the distribution: chat-server --build-aot-cache rebuilds its start-up cache (JDK 25+)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:Stopped normally (signal or shutdown).",
                "1:Could not start (port in use, admin socket in use, bad plugin, unreadable TLS certificate or key,"
                        + " data directory that cannot be written, history database that cannot be reached, ...).",
                "2:Invalid option, environment value or config file."})
public final class ServerCommand implements Callable<Integer> {

    /** The smallest --max-line ServerConfig accepts. */
    private static final int MIN_MAX_LINE = 16;

    @Option(names = SettingSources.CONFIG_OPTION, paramLabel = "FILE",
            description = "Settings file: one 'key = value' a line, the keys being these long option names"
                    + " without the dashes; '#' starts a comment. Flags and variables beat it (env CHAT_CONFIG;"
                    + " the Debian package's service uses /etc/socketchat/socketchat.conf).")
    Path config;

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

    @Option(names = "--idle-timeout", converter = Converters.Timeout.class, defaultValue = ServerConfig.DEFAULT_IDLE_TIMEOUT_SECONDS + "s",
            paramLabel = "DURATION",
            description = "Disconnect a client silent this long (env CHAT_IDLE_TIMEOUT; default ${DEFAULT-VALUE}).")
    Duration idleTimeout;

    @Option(names = "--max-line", converter = Converters.ByteSize.class, defaultValue = ServerConfig.DEFAULT_MAX_LINE_KIB + "KiB",
            paramLabel = "BYTES",
            description = "Longest line a client may send; longer ones get ERR line-too-long (env CHAT_MAX_LINE; default ${DEFAULT-VALUE}).")
    long maxLine;

    @Option(names = "--send-queue", converter = Converters.ByteSize.class, defaultValue = ServerConfig.DEFAULT_SEND_QUEUE_MIB + "MiB",
            paramLabel = "BYTES",
            description = "Bytes that may wait for one client that stopped reading before it is disconnected (env CHAT_SEND_QUEUE; default ${DEFAULT-VALUE}).")
    long sendQueue;

    @Option(names = "--shutdown-grace", converter = Converters.Timeout.class, defaultValue = ServerConfig.DEFAULT_SHUTDOWN_GRACE_SECONDS + "s",
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

    @Option(names = "--exempt", converter = Converters.Ranges.class, defaultValue = ServerConfig.DEFAULT_EXEMPT_RANGES,
            paramLabel = "CIDR,...",
            description = "Address ranges --max-per-ip does not apply to, or 'none' (env CHAT_EXEMPT; default ${DEFAULT-VALUE}).")
    Converters.AddressRanges exempt;

    @Option(names = "--login-timeout", converter = Converters.Timeout.class, defaultValue = ServerConfig.DEFAULT_LOGIN_TIMEOUT_SECONDS + "s",
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

    @Option(names = "--log-format", defaultValue = "text", paramLabel = "FORMAT",
            description = "'text': one line per event, '<time> <LEVEL> [TAG] key=value ...'; 'json': one JSON object"
                    + " per line with time, level, logger, tag, message and each key=value as its own field"
                    + " (env CHAT_LOG_FORMAT; default ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--log-text", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Log what people write: [MSG] and [DM] lines also get text=\"...\". Without it they carry"
                    + " only the message size (bytes=N), so private messages stay out of the operators' logs unless"
                    + " asked for (env CHAT_LOG_TEXT=true).")
    boolean logText;

    @Option(names = "--plugins", defaultValue = "plugins", paramLabel = "DIR",
            description = "Directory of command plugin jars (modular jars providing the command SPI), loaded at start;"
                    + " a missing directory means none (env CHAT_PLUGINS; default ${DEFAULT-VALUE}, in the working directory).")
    Path plugins;

    @Option(names = "--strict-plugins", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Refuse to start (exit 1) when any plugin jar is refused, instead of logging it and going on"
                    + " (env CHAT_STRICT_PLUGINS=true).")
    boolean strictPlugins;

    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Directory of the history database with --store sqlite (" + StoreSettings.DATABASE_FILE + "), created if"
                    + " missing; one that cannot be created or written stops the start (env CHAT_DATA_DIR; default"
                    + " ${DEFAULT-VALUE}, in the working directory).")
    Path dataDir;

    @Option(names = "--no-history",
            description = "Keep nothing: no database, HISTORY answers with no messages, rooms are forgotten at"
                    + " shutdown (env CHAT_NO_HISTORY=true).")
    boolean noHistory;

    @Option(names = "--history-page", converter = Converters.Count.class, defaultValue = "" + RoomSettings.DEFAULT_HISTORY_PAGE,
            paramLabel = "N",
            description = "Most messages one HISTORY returns; a larger count is cut to it (env CHAT_HISTORY_PAGE; default ${DEFAULT-VALUE}).")
    int historyPage;

    @Option(names = "--history-on-join", converter = Converters.Rate.class, defaultValue = "" + RoomSettings.DEFAULT_HISTORY_ON_JOIN,
            paramLabel = "N",
            description = "Newest messages of a room sent after JOIN as HIST lines, then END HISTORY; 0 for none"
                    + " (env CHAT_HISTORY_ON_JOIN; default ${DEFAULT-VALUE}).")
    int historyOnJoin;

    @Option(names = "--history-flush", converter = Converters.Timeout.class, defaultValue = StoreSettings.DEFAULT_FLUSH_MILLIS + "ms", paramLabel = "DURATION",
            description = "Longest an accepted message waits before it is committed to disk in a batch: what a kill -9"
                    + " may lose at most (env CHAT_HISTORY_FLUSH; default ${DEFAULT-VALUE}).")
    Duration historyFlush;

    @Option(names = "--history-retention", converter = Converters.Timeout.class, defaultValue = StoreSettings.DEFAULT_RETENTION_DAYS + "d", paramLabel = "DURATION",
            description = "Messages older than this are deleted, in the background in small batches"
                    + " (env CHAT_HISTORY_RETENTION; default ${DEFAULT-VALUE}).")
    Duration historyRetention;

    @Option(names = "--history-max-per-room", converter = Converters.Count.class, defaultValue = "" + StoreSettings.DEFAULT_MAX_PER_SCOPE, paramLabel = "N",
            description = "Most messages kept per room (and for the lobby); the oldest beyond it are deleted"
                    + " (env CHAT_HISTORY_MAX_PER_ROOM; default ${DEFAULT-VALUE}).")
    int historyMaxPerRoom;

    @Option(names = "--max-rooms-per-user", converter = Converters.Count.class,
            defaultValue = "" + RoomSettings.DEFAULT_MAX_ROOMS_PER_USER, paramLabel = "N",
            description = "Rooms one user may be in at once; more get ERR too-many-rooms (env CHAT_MAX_ROOMS_PER_USER;"
                    + " default ${DEFAULT-VALUE}).")
    int maxRoomsPerUser;

    @Option(names = "--max-room-members", converter = Converters.Count.class, paramLabel = "N",
            description = "Users one room may hold; more get ERR room-full (env CHAT_MAX_ROOM_MEMBERS; default: no cap).")
    Integer maxRoomMembers;

    @CommandLine.Mixin
    AdminSocketOptions adminSocket;

    @CommandLine.Mixin
    WebOptions web;

    @CommandLine.Mixin
    StoreOptions storage;

    @CommandLine.Mixin
    AccountOptions accounts;

    @CommandLine.Mixin
    IrcOptions irc;

    @CommandLine.Mixin
    ClusterOptions cluster;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** What supplied each value that no flag gave. */
    private final SettingSources sources;

    private ServerCommand(SettingSources sources) {
        this.sources = sources;
    }

    /** The command line with environment and config file defaults and one-line errors wired in. */
    public static CommandLine commandLine(Map<String, String> environment) {
        // What 'auto' means on this JVM, for --help.
        System.setProperty("socketchat.autoMaxBuffered", Converters.describeSize(ServerConfig.defaultMaxBuffered()));
        SettingSources sources = new SettingSources(environment);
        CommandLine commandLine = new CommandLine(new ServerCommand(sources));
        AdminClientCommand.addTo(commandLine);
        commandLine.addSubcommand(new ConfigCommand());
        commandLine.setDefaultValueProvider(sources);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler(new OneLineErrors(sources));
        return commandLine;
    }

    SettingSources sources() {
        return sources;
    }

    CommandLine.Model.CommandSpec spec() {
        return spec;
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
        if (web.httpsPort != null && tls == null) {
            throw invalid("--https-port", "needs --tls-port and --tls-cert: HTTPS serves the TLS listener's certificate");
        }
        if (historyOnJoin > historyPage) {
            throw invalid("--history-on-join", historyOnJoin + " is more than --history-page (" + historyPage + ")");
        }
        RoomSettings rooms = new RoomSettings(maxRoomsPerUser,
                maxRoomMembers == null ? RoomSettings.UNLIMITED_MEMBERS : maxRoomMembers, historyOnJoin, historyPage);
        return ServerConfig.builder()
                .rooms(rooms)
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

    /** Where history is kept, as the options say. */
    StoreSettings storeSettings() {
        return StoreSettings.in(dataDir).withFlush(historyFlush)
                .withRetention(historyRetention, historyMaxPerRoom, StoreSettings.DEFAULT_RETENTION_PERIOD);
    }

    @Override
    public Integer call() {
        ServerConfig config;
        AccountSettings accountSettings;
        IrcPort ircPort;
        ClusterLink clusterLink;
        try {
            config = toConfig();
            accountSettings = accounts.settings(); // the Argon2 parameters' ranges name themselves
            ircPort = irc.ircPort(config.bindAddress(), config.tls() != null);
            storage.requireSharedStore(cluster.clustered(), noHistory);
            clusterLink = cluster.link(config.port());
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            return 2;
        }
        Logging.useFormat(logFormat);
        logLevel.apply();
        Logger log = LoggerFactory.getLogger("io.socketchat.console");
        try {
            adminSocket.requireFree();
        } catch (IOException e) {
            log.error("[ERROR] cannot open admin socket cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            Logging.flush();
            return 1;
        }
        ChatServer server;
        WebPort webPort = web.webPort(config.bindAddress());
        Signals signals = Signals.install();
        try {
            List<CommandHandler> handlers = ChatServer.discoverCommands();
            PluginReport commands = Plugins.load(plugins, handlers);
            if (strictPlugins) {
                commands.requireNoErrors(); // IllegalStateException naming each refused jar: exit 1 below
            }
            MessageStore store;
            try {
                store = storage.open(noHistory, storeSettings());
            } catch (StoreOptions.CannotOpen e) {
                spec.commandLine().getErr().println("chat-server: " + e.getMessage());
                Logging.flush();
                return 1;
            }
            if (store instanceof WriterStats writer) {
                webPort.watchHistory(writer);
            }
            webPort.countLogDrops(Logging::droppedLines);
            server = ChatServer.start(config, webPort.instrument(commands), webPort.observers(commands), store,
                    AccountOptions.storeOf(store), accountSettings, System::nanoTime, clusterLink);
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
        try {
            ircPort.start(server);
        } catch (IOException e) {
            log.error("[ERROR] cannot listen for IRC cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: cannot listen for IRC: " + e.getMessage());
            server.shutdown();
            webPort.close();
            Logging.flush();
            return 1;
        }
        Reloader reloader = new Reloader(this, spec.commandLine().getParseResult().originalArgs(), server);
        OperatorConsole console;
        try {
            console = OperatorConsole.start(server, adminSocket, reloader::reload);
        } catch (IOException e) {
            log.error("[ERROR] cannot open admin socket cause=\"{}\"", e.getMessage());
            spec.commandLine().getErr().println("chat-server: " + e.getMessage());
            server.shutdown();
            ircPort.close();
            webPort.close();
            Logging.flush();
            return 1;
        }
        signals.afterShutdown(console::close);
        // At a terminal a hangup is the terminal going away: stop, as the JVM would. As a service, reload.
        signals.onHangup(console.atTerminal() ? Signals::stopOnHangup : reloader::reloadQuietly);
        server.awaitTermination();
        ircPort.close();
        webPort.close();
        console.close();
        Logging.flush();
        return 0;
    }
}
