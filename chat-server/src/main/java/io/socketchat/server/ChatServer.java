package io.socketchat.server;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Quoted;
import io.socketchat.protocol.Replies;
import io.socketchat.server.internal.Acceptor;
import io.socketchat.server.internal.Admission;
import io.socketchat.server.internal.ClientSession;
import io.socketchat.server.internal.CommandTable;
import io.socketchat.server.internal.ConnectionLimits;
import io.socketchat.server.internal.Hub;
import io.socketchat.server.internal.IoLoop;
import io.socketchat.server.internal.MemoryBudget;
import io.socketchat.server.internal.TlsListener;
import io.socketchat.server.internal.TlsMaterial;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A running chat server: a listener, the chat hub, and a timer that enforces idle timeouts.
 * Start one with {@link #start}; steer it live (users, kick, port, idle timeout); end it with
 * {@link #shutdown()}.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /** How long a closing session waits for its client to close before the socket is cut. */
    private static final Duration LINGER = Duration.ofSeconds(2);
    private static final long TICK_MILLIS = 100;
    /**
     * At a shutdown whose grace ran out: how long the sessions whose queues were cut short
     * get to write the notice that now leads them (the whole shutdown stays within the
     * grace plus two seconds).
     */
    private static final long PREEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);

    private final ServerConfig config;
    private final CommandTable commands;
    private final PluginReport plugins;
    private final Hub hub;
    private final MemoryBudget budget;
    private final ConnectionLimits limits;
    private final Admission admission;
    private final ScheduledExecutorService timer;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final IoLoop[] loops;
    private final IoLoop.RoundRobin nextLoop;
    private volatile Acceptor acceptor;
    private volatile TlsListener tls;
    private volatile Duration idleTimeout;

    private ChatServer(ServerConfig config, CommandTable commands, PluginReport plugins) throws IOException {
        this.config = config;
        this.commands = commands;
        this.plugins = plugins;
        this.budget = new MemoryBudget(config.maxBufferedBytes());
        this.hub = new Hub(commands, budget, config.leaveNoticesPerSecond(), config.logText());
        this.limits = new ConnectionLimits(config.maxClients(), config.maxPerIp(), config.exempt());
        this.admission = new Admission(hub, limits, new Admission.SessionLimits(config.sendQueueBytes(),
                config.maxLineBytes(), config.floodRate(), config.floodBurst()), shutdownStarted::get);
        this.idleTimeout = config.idleTimeout();
        this.loops = IoLoop.start(ioLoopCount());
        this.nextLoop = new IoLoop.RoundRobin(loops);
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The command handlers visible to this module's class loader (built-ins on the module path). */
    public static List<CommandHandler> discoverCommands() {
        return ServiceLoader.load(CommandHandler.class, ChatServer.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /** The command handlers of a layer and its parents (a plugin layer sees the built-ins too). */
    public static List<CommandHandler> discoverCommands(ModuleLayer layer) {
        return ServiceLoader.load(layer, CommandHandler.class).stream()
                .map(ServiceLoader.Provider::get)
                .toList();
    }

    /**
     * Binds the listener and starts serving.
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when two handlers claim the same command word
     */
    public static ChatServer start(ServerConfig config, List<CommandHandler> handlers) throws IOException {
        return start(config, PluginReport.builtInsOnly(handlers));
    }

    /**
     * Binds the listener and serves the commands of a {@link Plugins#load} report (built-ins
     * and loaded plugins); the report stays available as {@link #plugins()}.
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when two handlers claim the same command word
     * @throws TlsFileException      when the TLS certificate or key cannot be read
     * @throws IllegalStateException when the TLS address cannot be bound ({@code cannot listen for TLS on …})
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins) throws IOException {
        Objects.requireNonNull(config, "config");
        ChatServer server = new ChatServer(config, CommandTable.of(plugins.handlers()), plugins);
        try {
            TlsMaterial material = config.tls() == null ? null : TlsMaterial.load(config.tls());
            server.acceptor = Acceptor.bind(config.socketAddress(), server.loops[0], server::accepted);
            if (material != null) {
                try {
                    server.tls = TlsListener.bind(config.tlsSocketAddress(), material, server.admission, config.loginTimeout());
                } catch (IOException e) {
                    server.acceptor.close();
                    InetSocketAddress tlsAddress = config.tlsSocketAddress();
                    throw new IllegalStateException("cannot listen for TLS on " + tlsAddress.getAddress().getHostAddress()
                            + ":" + tlsAddress.getPort() + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    server.acceptor.close();
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            server.closeLoops();
            throw e;
        }
        server.timer.scheduleWithFixedDelay(server::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        log.info("[START] address={}{} port={} commands={} idle-timeout={}s max-line={} send-queue={}",
                config.bindAddress().getHostAddress(), server.tlsDescription(), server.port(),
                server.commands.specs().keySet(), config.idleTimeout().toSeconds(), config.maxLineBytes(),
                config.sendQueueBytes());
        log.info("[LIMITS] max-clients={} max-per-ip={} exempt={} login-timeout={}ms flood-rate={} flood-burst={}"
                        + " max-buffered={} leave-notices={}",
                config.maxClients(), config.maxPerIp(), config.exempt().isEmpty() ? "none" : config.exempt(),
                config.loginTimeout().toMillis(), config.floodRate(), config.floodBurst(),
                config.maxBufferedBytes(), config.leaveNoticesPerSecond());
        return server;
    }

    private void accepted(SocketChannel channel) {
        admission.acceptTcp(channel, nextLoop);
    }

    /** {@code  tls-address=… tls-port=…} for the [START] line (before {@code port=}), or nothing. */
    private String tlsDescription() {
        TlsListener listener = tls;
        if (listener == null) {
            return "";
        }
        TlsCertificate certificate = listener.certificate();
        return " tls-address=" + listener.localAddress().getAddress().getHostAddress() + " tls-port="
                + listener.localAddress().getPort() + " tls-subject=" + Quoted.json(certificate.subject())
                + " tls-not-after=" + certificate.notAfter();
    }

    /** One I/O loop per core, up to four: they accept, move bytes and run built-in commands; what may block runs on virtual threads. */
    private static int ioLoopCount() {
        return Math.clamp(Runtime.getRuntime().availableProcessors(), 1, 4);
    }

    private void closeLoops() {
        for (IoLoop loop : loops) {
            loop.close();
        }
    }

    /**
     * Enforces login deadlines and idle timeouts, cuts sessions whose client did not close in
     * time, and sums up leaves past the notice rate.
     */
    private void tick() {
        long now = System.nanoTime();
        hub.tick(now);
        long idleNanos = idleTimeout.toNanos();
        long loginNanos = config.loginTimeout().toNanos();
        long lingerNanos = LINGER.toNanos();
        for (ClientSession session : hub.connections()) {
            if (session.isOpen()) {
                if (!session.isLoggedIn() && now - session.connectedAtNanos() >= loginNanos) {
                    session.disconnect("login-timeout", Replies.error(ErrorCodes.LOGIN_TIMEOUT), lingerNanos);
                } else if (now - session.lastActivityNanos() >= idleNanos) {
                    session.disconnect("idle", Replies.IDLE_DISCONNECT, lingerNanos);
                }
            } else if (now - session.closeDeadlineNanos() > 0) {
                session.closeTransport();
            }
        }
    }

    // ---- steering ----

    public ServerConfig config() {
        return config;
    }

    /** The address the server listens on now. */
    public InetSocketAddress localAddress() {
        return acceptor.localAddress();
    }

    public int port() {
        return localAddress().getPort();
    }

    /** The address the TLS listener listens on; empty when TLS is off. */
    public Optional<InetSocketAddress> tlsAddress() {
        TlsListener listener = tls;
        return listener == null ? Optional.empty() : Optional.of(listener.localAddress());
    }

    /** The certificate new TLS connections get; empty when TLS is off. */
    public Optional<TlsCertificate> tlsCertificate() {
        TlsListener listener = tls;
        return listener == null ? Optional.empty() : Optional.of(listener.certificate());
    }

    /**
     * Reads the TLS certificate and key again and serves them to new connections; sessions
     * already connected go on. On a bad file the old certificate stays.
     *
     * @throws TlsFileException      naming the file, when it cannot be used
     * @throws IllegalStateException when TLS is off
     */
    public synchronized TlsCertificate reloadTls() {
        TlsListener listener = tls;
        if (listener == null) {
            throw new IllegalStateException("TLS is off (no --tls-port)");
        }
        TlsMaterial next;
        try {
            next = TlsMaterial.load(config.tls());
        } catch (TlsFileException e) {
            log.warn("[TLS] reload=failed file={} cause={}", e.file(), Quoted.json(e.getMessage()));
            throw e;
        }
        listener.reload(next);
        TlsCertificate certificate = next.certificate();
        log.info("[TLS] reload=ok subject={} not-after={} serial={}", Quoted.json(certificate.subject()),
                certificate.notAfter(), certificate.serial());
        return certificate;
    }

    /** Where every command comes from (built-in or plugin jar) and which plugin jars were refused. */
    public PluginReport plugins() {
        return plugins;
    }

    /** Every command the server knows, by word. */
    public Map<String, CommandSpec> commands() {
        return commands.specs();
    }

    /**
     * Moves the listener: binds the new port first, then closes the old one. Connected
     * clients are not affected. If the new port cannot be bound the old one keeps serving.
     */
    public synchronized void changePort(int newPort) throws IOException {
        Acceptor previous = acceptor;
        Acceptor next = Acceptor.bind(new InetSocketAddress(config.bindAddress(), newPort), loops[0], this::accepted);
        acceptor = next;
        previous.close();
        log.info("[PORT] from={} to={}", previous.localAddress().getPort(), next.localAddress().getPort());
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    /** Applies to every session from now on, connected ones included. */
    public void setIdleTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        idleTimeout = timeout;
        log.info("[CONFIG] idle-timeout={}ms", timeout.toMillis());
    }

    public List<UserInfo> users() {
        long now = System.nanoTime();
        return hub.loggedIn().stream()
                .map(s -> new UserInfo(s.name(), s.remoteAddress(),
                        Duration.ofNanos(now - s.connectedAtNanos()),
                        Duration.ofNanos(now - s.lastActivityNanos()),
                        s.queuedBytes()))
                .sorted((a, b) -> String.CASE_INSENSITIVE_ORDER.compare(a.name(), b.name()))
                .toList();
    }

    /**
     * Disconnects a user: it reads {@code INFO kicked by operator[: reason]}, others read
     * that it disconnected.
     *
     * @return false when no such user is logged in
     */
    public boolean kick(String name, String reason, String by) {
        ClientSession session = hub.user(name);
        if (session == null) {
            return false;
        }
        log.info("[KICK] user={} by={} reason=\"{}\"", session.name(), by, reason == null ? "" : reason);
        session.disconnect("kicked", Replies.kicked(reason), LINGER.toNanos());
        return true;
    }

    public ServerStats stats() {
        long queued = 0;
        for (ClientSession session : hub.connections()) {
            queued += session.queuedBytes();
        }
        return new ServerStats(
                Duration.ofNanos(System.nanoTime() - startedNanos),
                hub.connectionsAccepted(),
                hub.connections().size(),
                hub.loggedIn().size(),
                hub.linesIn(),
                hub.linesOut(),
                queued,
                hub.slowDisconnects());
    }

    // ---- ending ----

    /**
     * Graceful shutdown: stop accepting, tell every client {@code INFO server shutting down},
     * let queues drain for up to the configured grace, then close what is left. Blocks until
     * done; later calls wait for the first one.
     */
    public void shutdown() {
        if (!shutdownStarted.compareAndSet(false, true)) {
            awaitTermination();
            return;
        }
        try {
            log.info("[SHUTDOWN] stage=begin connections={}", hub.connections().size());
            hub.beginShutdown();
            acceptor.close();
            if (tls != null) {
                tls.close();
            }
            long graceNanos = config.shutdownGrace().toNanos();
            long deadline = System.nanoTime() + graceNanos;
            for (ClientSession session : hub.connections()) {
                session.disconnect("shutdown", Replies.SHUTTING_DOWN, graceNanos + PREEMPT_NANOS);
            }
            boolean drained = hub.awaitNoConnections(deadline);
            if (!drained) {
                preemptUndrained();
            }
            int forced = hub.connections().size();
            for (ClientSession session : hub.connections()) {
                session.abort("shutdown");
            }
            hub.awaitNoConnections(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250));
            log.info("[SHUTDOWN] stage=done drained={} forced={}", drained, forced);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow();
            closeLoops();
            terminated.countDown();
        }
    }

    /**
     * The grace is over and some queues still hold data: what waits in them is dropped so
     * that the notice is the next line each of those clients reads before its EOF.
     */
    private void preemptUndrained() throws InterruptedException {
        int sessions = 0;
        long dropped = 0;
        for (ClientSession session : hub.connections()) {
            if (!session.isOutputDrained()) {
                dropped += session.preemptWith(Replies.SHUTTING_DOWN);
                sessions++;
            }
        }
        if (sessions > 0) {
            log.warn("[SHUTDOWN] stage=preempt sessions={} dropped-bytes={} reason=grace-over", sessions, dropped);
            hub.awaitNoConnections(System.nanoTime() + PREEMPT_NANOS);
        }
    }

    /** Waits until a shutdown started elsewhere (a signal, the console) has finished. */
    public void awaitTermination() {
        try {
            terminated.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isShutDown() {
        return terminated.getCount() == 0;
    }

    @Override
    public void close() {
        shutdown();
    }
}
