package io.socketchat.console;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * SIGHUP and the console's {@code reload}: parses the command line again exactly as at start
 * (the same flags and environment, the config file as it is now), so precedence and checks are
 * those of a start, then applies what the server can change live and names what needs a
 * restart, in one {@code [RELOAD]} line. A bad file changes nothing.
 *
 * <p>Live settings are set to what the file says whenever they differ from those in force (a
 * {@code timeout} typed at the console lasts until the next reload); the others are compared
 * with those the server started with, so a reload names them until the server is restarted.
 */
final class Reloader {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.console");

    /** A setting that only a restart applies, by its option name. */
    private record RestartSetting(String name, Function<ServerCommand, Object> value) {
    }

    private static final List<RestartSetting> RESTART_SETTINGS = List.of(
            new RestartSetting("bind", command -> command.bind),
            new RestartSetting("port", command -> command.port),
            new RestartSetting("io", command -> command.io),
            new RestartSetting("tls-port", command -> command.tlsPort),
            new RestartSetting("tls-bind", command -> command.tlsBind),
            new RestartSetting("tls-cert", command -> command.tlsCert),
            new RestartSetting("tls-key", command -> command.tlsKey),
            new RestartSetting("tls-key-password", command -> command.tlsKeyPassword),
            new RestartSetting("max-line", command -> command.maxLine),
            new RestartSetting("send-queue", command -> command.sendQueue),
            new RestartSetting("shutdown-grace", command -> command.shutdownGrace),
            new RestartSetting("exempt", command -> command.exempt),
            new RestartSetting("max-buffered", command -> command.maxBuffered),
            new RestartSetting("leave-notices", command -> command.leaveNotices),
            new RestartSetting("log-format", command -> command.logFormat),
            new RestartSetting("log-text", command -> command.logText),
            new RestartSetting("plugins", command -> command.plugins),
            new RestartSetting("strict-plugins", command -> command.strictPlugins),
            new RestartSetting("store", command -> command.storage.choice()),
            new RestartSetting("admin-socket", command -> command.adminSocket.chosen()),
            new RestartSetting("http-port", command -> command.web.port),
            new RestartSetting("no-http", command -> command.web.disabled),
            new RestartSetting("http-bind", command -> command.web.bind),
            new RestartSetting("https-port", command -> command.web.httpsPort),
            new RestartSetting("trusted-proxies", command -> command.web.trustedProxies),
            new RestartSetting("allowed-origins", command -> command.web.allowedOrigins));

    private final ServerCommand started;
    private final List<String> args;
    private final ChatServer server;
    private LogLevel logLevel;

    Reloader(ServerCommand started, List<String> args, ChatServer server) {
        this.started = started;
        this.args = List.copyOf(args);
        this.server = server;
        this.logLevel = started.logLevel;
    }

    /**
     * Reloads and returns what it did, in a sentence for the console.
     *
     * @throws IllegalStateException saying why, when the settings are bad (nothing changed)
     */
    synchronized String reload() {
        ServerCommand next;
        ServerConfig wanted;
        try {
            CommandLine commandLine = ServerCommand.commandLine(started.sources().environment());
            commandLine.parseArgs(args.toArray(String[]::new));
            next = commandLine.getCommand();
            wanted = next.toConfig();
        } catch (CommandLine.ParameterException e) {
            ServerCommand failed = e.getCommandLine().getCommand() instanceof ServerCommand command ? command : started;
            String cause = OneLineErrors.describe(e, failed.sources());
            log.warn("[RELOAD] result=failed config={} cause={}", configName(started), Quoted.json(cause));
            throw new IllegalStateException(cause, e);
        }
        List<String> applied = applyLive(next, wanted);
        List<String> restartNeeded = new ArrayList<>();
        for (RestartSetting setting : RESTART_SETTINGS) {
            if (!Objects.equals(setting.value().apply(started), setting.value().apply(next))) {
                restartNeeded.add(setting.name());
            }
        }
        String tls = reloadTls(restartNeeded);
        log.info("[RELOAD] result=ok config={} applied={} restart-needed={} tls={}", configName(next),
                list(applied), list(restartNeeded), tls);
        if (next.logLevel != logLevel) {
            log.info("[CONFIG] log-level={}", next.logLevel);
            next.logLevel.apply();
            logLevel = next.logLevel;
        }
        return "reloaded " + configName(next) + ": applied " + list(applied) + "; needs a restart: "
                + list(restartNeeded) + "; tls " + tls;
    }

    /** For SIGHUP: the outcome is in the log either way. */
    void reloadQuietly() {
        try {
            reload();
        } catch (IllegalStateException e) {
            // logged by reload()
        }
    }

    private List<String> applyLive(ServerCommand next, ServerConfig wanted) {
        ServerConfig running = server.config();
        List<String> applied = new ArrayList<>();
        if (!wanted.idleTimeout().equals(running.idleTimeout())) {
            server.setIdleTimeout(wanted.idleTimeout());
            applied.add("idle-timeout");
        }
        if (!wanted.loginTimeout().equals(running.loginTimeout())) {
            server.setLoginTimeout(wanted.loginTimeout());
            applied.add("login-timeout");
        }
        boolean maxClients = wanted.maxClients() != running.maxClients();
        boolean maxPerIp = wanted.maxPerIp() != running.maxPerIp();
        if (maxClients || maxPerIp) {
            server.setConnectionLimits(wanted.maxClients(), wanted.maxPerIp());
            addIf(applied, maxClients, "max-clients");
            addIf(applied, maxPerIp, "max-per-ip");
        }
        boolean floodRate = wanted.floodRate() != running.floodRate();
        boolean floodBurst = wanted.floodBurst() != running.floodBurst();
        if (floodRate || floodBurst) {
            server.setFloodControl(wanted.floodRate(), wanted.floodBurst());
            addIf(applied, floodRate, "flood-rate");
            addIf(applied, floodBurst, "flood-burst");
        }
        if (next.logLevel != logLevel) {
            applied.add("log-level"); // applied after the [RELOAD] line, which a higher level could hide
        }
        return applied;
    }

    private static void addIf(List<String> names, boolean changed, String name) {
        if (changed) {
            names.add(name);
        }
    }

    /** Reads the certificate files again when TLS is on and its settings are those it runs with. */
    private String reloadTls(List<String> restartNeeded) {
        TlsSettings tls = server.config().tls();
        if (tls == null || restartNeeded.stream().anyMatch(name -> name.startsWith("tls-"))) {
            return tls == null ? "off" : "at-restart";
        }
        try {
            server.reloadTls();
            return "reloaded";
        } catch (RuntimeException e) {
            return "failed"; // the server logged why and keeps its certificate
        }
    }

    private static String configName(ServerCommand command) {
        return command.config == null ? "none" : command.config.toString();
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(",", names);
    }
}
