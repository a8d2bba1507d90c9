package io.socketchat.server;

import io.socketchat.protocol.Replies;
import io.socketchat.protocol.Quoted;
import io.socketchat.server.internal.Acceptor;
import io.socketchat.server.internal.Admission;
import io.socketchat.server.internal.BlockingListener;
import io.socketchat.server.internal.ClientSession;
import io.socketchat.server.internal.CommandTable;
import io.socketchat.server.internal.ConnectionLimits;
import io.socketchat.server.internal.Deadlines;
import io.socketchat.server.internal.Events;
import io.socketchat.server.internal.Fatal;
import io.socketchat.server.internal.GracefulShutdown;
import io.socketchat.server.internal.Hub;
import io.socketchat.server.internal.IoLoop;
import io.socketchat.server.internal.Listener;
import io.socketchat.server.internal.MemoryBudget;
import io.socketchat.server.internal.TlsListener;
import io.socketchat.server.internal.TlsMaterial;
import io.socketchat.server.internal.Watchdog;
import io.socketchat.server.cluster.ClusterLink;
import io.socketchat.server.spi.ChatObserver;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.internal.accounts.HashPool;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.transport.ConnectResult;
import io.socketchat.server.transport.InputControl;
import io.socketchat.server.transport.InputThread;
import io.socketchat.server.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * A running chat server, as wiring: its listeners (plain TCP, TLS) and the one admission they
 * share, the chat hub, the deadlines timer, and a watchdog that ends the process when an I/O loop dies or hangs (so a supervisor restarts it).
 * Start one with {@link #start}; steer it live (users, kick, port, idle timeout); end it with
 * {@link #shutdown()}.
 */
public final class ChatServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    private static final String TCP = "tcp";
    private static final String TLS = "tls";
    /** At the end of a shutdown: how long observers get to take the events still queued to them. */
    private static final long EVENTS_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private final ServerConfig config;
    private final CommandTable commands;
    private final PluginReport plugins;
    private final Hub hub;
    private final MemoryBudget budget;
    private final ConnectionLimits limits;
    private final Deadlines deadlines;
    private final Admission admission;
    private final long startedNanos = System.nanoTime();
    private final AtomicBoolean shutdownStarted = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final IoLoop[] loops;
    private final IoLoop.RoundRobin nextLoop;
    private final Watchdog watchdog;
    /** The other nodes, or {@code null} on a node of its own. */
    private final ClusterLink cluster;
    /**
     * Every listener, each on its own address: {@code tcp} (the loops' {@link Acceptor}, or a
     * {@link BlockingListener} under {@code --io virtual}) and {@code tls} when it is on. All
     * admit through the one {@link Admission}. Replaced whole (copy on write) when one moves.
     */
    private volatile List<Bound> listeners = List.of();
    /** Told after each successful {@link #reloadTls}: the HTTPS port serves the new certificate too. */
    private final List<Runnable> tlsReloadListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private record Bound(String name, Listener listener) {
    }

    private ChatServer(ServerConfig config, CommandTable commands, PluginReport plugins, List<ChatObserver> observers,
                       MessageStore store, AccountStore accountStore, AccountSettings accountSettings,
                       LongSupplier nanoClock, ClusterLink cluster) throws IOException {
        this.config = config;
        this.cluster = cluster;
        this.commands = commands;
        this.plugins = plugins;
        this.budget = new MemoryBudget(config.maxBufferedBytes());
        this.hub = new Hub(commands, budget, config.leaveNoticesPerSecond(), config.logText(), Events.of(observers),
                config.rooms(), store, accountStore, accountSettings, nanoClock, cluster);
        this.limits = new ConnectionLimits(config.maxClients(), config.maxPerIp(), config.exempt());
        this.loops = IoLoop.start(ioLoopCount());
        this.nextLoop = new IoLoop.RoundRobin(loops);
        this.watchdog = new Watchdog(loops);
        this.deadlines = new Deadlines(hub, config.loginTimeout(), config.idleTimeout());
        this.admission = new Admission(hub, limits, new Admission.SessionLimits(config.sendQueueBytes(),
                config.maxLineBytes(), config.floodRate(), config.floodBurst()), shutdownStarted::get);
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

    /** The chat observers visible to this module's class loader (providers on the module path). */
    public static List<ChatObserver> discoverObservers() {
        return ServiceLoader.load(ChatObserver.class, ChatServer.class.getClassLoader()).stream()
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
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins) throws IOException {
        return start(config, plugins, plugins.observers());
    }

    /**
     * As {@link #start(ServerConfig, PluginReport)}, with these observers of chat events
     * (instead of the report's): each gets its own queue and virtual thread (see
     * {@link ChatObserver}).
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when two handlers claim the same command word
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins, List<ChatObserver> observers)
            throws IOException {
        return start(config, plugins, observers, MessageStore.none());
    }

    /**
     * As {@link #start(ServerConfig, PluginReport, List)}, keeping history in {@code store}
     * (opened by the caller). The server owns the store from then on: its shutdown commits
     * everything accepted and closes it, as does a failed start.
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when two handlers claim the same command word
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins, List<ChatObserver> observers,
                                   MessageStore store) throws IOException {
        return start(config, plugins, observers, store, AccountStore.none(), AccountSettings.DEFAULTS);
    }

    /**
     * As {@link #start(ServerConfig, PluginReport, List, MessageStore)}, with accounts kept in
     * {@code accounts} (often the same object as {@code store}; SQLite's store is both) under
     * {@code accountSettings}. {@link AccountStore#none()} runs without accounts.
     *
     * @throws IOException           when the address cannot be bound
     * @throws IllegalStateException when two handlers claim the same command word
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins, List<ChatObserver> observers,
                                   MessageStore store, AccountStore accounts, AccountSettings accountSettings)
            throws IOException {
        return start(config, plugins, observers, store, accounts, accountSettings, System::nanoTime);
    }

    /**
     * As above, with the clock that times the failed-attempt window ({@link System#nanoTime} unless a
     * test moves time on by itself).
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins, List<ChatObserver> observers,
                                   MessageStore store, AccountStore accounts, AccountSettings accountSettings,
                                   LongSupplier nanoClock) throws IOException {
        return start(config, plugins, observers, store, accounts, accountSettings, nanoClock, null);
    }

    /**
     * As above, as a node of a cluster: {@code cluster} (not started yet; {@code null} for a node
     * of its own) claims names across the nodes and carries their lines. The server starts it
     * before it listens and closes it at the end of its shutdown.
     */
    public static ChatServer start(ServerConfig config, PluginReport plugins, List<ChatObserver> observers,
                                   MessageStore store, AccountStore accounts, AccountSettings accountSettings,
                                   LongSupplier nanoClock, ClusterLink cluster) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(accounts, "accounts");
        Objects.requireNonNull(accountSettings, "accountSettings");
        List<ChatObserver> watching = List.copyOf(observers);
        ChatServer server;
        try {
            server = new ChatServer(config, CommandTable.of(plugins.handlers()), plugins, watching, store, accounts,
                    accountSettings, nanoClock, cluster);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        try {
            if (cluster != null) {
                cluster.start(server.hub.clusterNode());
            }
            TlsMaterial material = config.tls() == null ? null : TlsMaterial.load(config.tls());
            server.add(TCP, server.bindPlain(config.socketAddress()));
            if (material != null) {
                InetSocketAddress tlsAddress = config.tlsSocketAddress();
                try {
                    server.add(TLS, TlsListener.bind(tlsAddress, material, server.admission, config.loginTimeout()));
                } catch (IOException e) {
                    throw new IllegalStateException("cannot listen for TLS on " + tlsAddress.getAddress().getHostAddress()
                            + ":" + tlsAddress.getPort() + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException | RuntimeException e) {
            server.closeListeners();
            server.closeLoops();
            server.hub.closeStore(); // the hashing threads too, then the store
            if (cluster != null) {
                cluster.close();
                server.hub.clusterClosed();
            }
            throw e;
        }
        server.deadlines.start();
        server.watchdog.start();
        log.info("[START] address={}{} port={} io={} commands={} idle-timeout={}s max-line={} send-queue={}",
                config.bindAddress().getHostAddress(), server.tlsDescription(), server.port(),
                config.io().name().toLowerCase(java.util.Locale.ROOT), server.commands.specs().keySet(),
                config.idleTimeout().toSeconds(), config.maxLineBytes(), config.sendQueueBytes());
        log.info("[LIMITS] max-clients={} max-per-ip={} exempt={} login-timeout={}ms flood-rate={} flood-burst={}"
                        + " max-buffered={} leave-notices={}",
                config.maxClients(), config.maxPerIp(), config.exempt().isEmpty() ? "none" : config.exempt(),
                config.loginTimeout().toMillis(), config.floodRate(), config.floodBurst(),
                config.maxBufferedBytes(), config.leaveNoticesPerSecond());
        return server;
    }

    private synchronized void add(String name, Listener listener) {
        List<Bound> next = new java.util.ArrayList<>(listeners);
        next.add(new Bound(name, listener));
        listeners = List.copyOf(next);
    }

    /** Puts {@code listener} in the place of the one named {@code name}; returns the one it replaced. */
    private synchronized Listener replace(String name, Listener listener) {
        Listener previous = listener(name);
        listeners = listeners.stream().map(b -> b.name().equals(name) ? new Bound(name, listener) : b).toList();
        return previous;
    }

    private Listener listener(String name) {
        for (Bound bound : listeners) {
            if (bound.name().equals(name)) {
                return bound.listener();
            }
        }
        return null;
    }

    private void closeListeners() {
        for (Bound bound : listeners) {
            bound.listener().close();
        }
    }

    private Listener bindPlain(InetSocketAddress address) throws IOException {
        return config.io() == IoEngine.VIRTUAL
                ? BlockingListener.plain(address, admission)
                : Acceptor.bind(address, loops[0], this::accepted);
    }

    private void accepted(SocketChannel channel) {
        admission.acceptTcp(channel, nextLoop);
    }

    /** {@code  tls-address=… tls-port=…} for the [START] line (before {@code port=}), or nothing. */
    private String tlsDescription() {
        TlsListener listener = (TlsListener) listener(TLS);
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

    // ---- steering ----

    /**
     * The settings in force: those the server started with, with those that can change live
     * (port, idle and login timeouts, connection limits, flood control) as they are now.
     */
    public ServerConfig config() {
        Admission.SessionLimits sessionLimits = admission.sessionLimits();
        return config.toBuilder()
                .port(port())
                .idleTimeout(idleTimeout())
                .loginTimeout(deadlines.loginTimeout())
                .maxClients(limits.maxTotal())
                .maxPerIp(limits.maxPerAddress())
                .floodRate(sessionLimits.floodRate())
                .floodBurst(sessionLimits.floodBurst())
                .build();
    }

    /** The address the server listens on now for plain TCP. */
    public InetSocketAddress localAddress() {
        return listener(TCP).localAddress();
    }

    /** Every listener's name ({@code tcp}, {@code tls}) and the address it listens on now. */
    public Map<String, InetSocketAddress> listenerAddresses() {
        Map<String, InetSocketAddress> addresses = new java.util.LinkedHashMap<>();
        for (Bound bound : listeners) {
            addresses.put(bound.name(), bound.listener().localAddress());
        }
        return addresses;
    }

    /**
     * Opens a session over a transport another module provides (a WebSocket adapter), through
     * the same admission as the server's own listeners: the connection limits, then the login
     * deadline, flood control, the memory budget, idle timeout, kick and shutdown, as for TCP.
     * Never blocks.
     *
     * @param client      the client's address, which the per-address limit counts
     * @param inputThread what the thread that will feed the connection's input may do
     */
    public ConnectResult connect(InetAddress client, Transport transport, InputControl control, InputThread inputThread) {
        return admission.connect(Objects.requireNonNull(client, "client"), Objects.requireNonNull(transport, "transport"),
                Objects.requireNonNull(control, "control"), Objects.requireNonNull(inputThread, "inputThread"));
    }

    public int port() {
        return localAddress().getPort();
    }

    /** The address the TLS listener listens on; empty when TLS is off. */
    public Optional<InetSocketAddress> tlsAddress() {
        Listener listener = listener(TLS);
        return listener == null ? Optional.empty() : Optional.of(listener.localAddress());
    }

    /** The certificate new TLS connections get; empty when TLS is off. */
    public Optional<TlsCertificate> tlsCertificate() {
        TlsListener listener = (TlsListener) listener(TLS);
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
        TlsListener listener = (TlsListener) listener(TLS);
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
        tlsReloadListeners.forEach(Runnable::run);
        return certificate;
    }

    /**
     * The TLS context new TLS connections get now, and the protocol versions they may speak, for
     * another listener that serves the same certificate (the HTTPS port, the IRC port's TLS): ask
     * again per connection, or follow {@link #onTlsReload}. Empty when TLS is off.
     */
    public Optional<TlsContext> tlsContext() {
        TlsListener listener = (TlsListener) listener(TLS);
        if (listener == null) {
            return Optional.empty();
        }
        TlsMaterial material = listener.material();
        return Optional.of(new TlsContext(material.context(), material.protocols(), material.certificate()));
    }

    /** Runs {@code action} after each successful {@link #reloadTls} (on the reloading thread). */
    public void onTlsReload(Runnable action) {
        tlsReloadListeners.add(Objects.requireNonNull(action, "action"));
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
        Listener next = bindPlain(new InetSocketAddress(config.bindAddress(), newPort));
        Listener previous = replace(TCP, next);
        previous.close();
        log.info("[PORT] from={} to={}", previous.localAddress().getPort(), next.localAddress().getPort());
    }

    public Duration idleTimeout() {
        return deadlines.idleTimeout();
    }

    /** Applies to every session from now on, connected ones included. */
    public void setIdleTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive: " + timeout);
        }
        deadlines.idleTimeout(timeout);
        log.info("[CONFIG] idle-timeout={}ms", timeout.toMillis());
    }

    /** Applies to every connection not yet logged in, from the next timer tick. */
    public void setLoginTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("login timeout must be positive: " + timeout);
        }
        deadlines.loginTimeout(timeout);
        log.info("[CONFIG] login-timeout={}ms", timeout.toMillis());
    }

    /**
     * New connection limits for the connections accepted from now on; open connections stay,
     * even over a lowered limit.
     */
    public void setConnectionLimits(int maxClients, int maxPerIp) {
        if (maxClients < 1 || maxPerIp < 1) {
            throw new IllegalArgumentException("connection limits must be at least 1: " + maxClients + ", " + maxPerIp);
        }
        limits.resize(maxClients, maxPerIp);
        log.info("[CONFIG] max-clients={} max-per-ip={}", maxClients, maxPerIp);
    }

    /** Flood control for the connections accepted from now on; a rate of 0 turns it off. */
    public void setFloodControl(int floodRate, int floodBurst) {
        if (floodRate < 0 || floodBurst < 1) {
            throw new IllegalArgumentException("flood rate must be at least 0 and burst at least 1: "
                    + floodRate + ", " + floodBurst);
        }
        admission.floodControl(floodRate, floodBurst);
        log.info("[CONFIG] flood-rate={} flood-burst={}", floodRate, floodBurst);
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
            String node = hub.kickElsewhere(name, reason, by);
            if (node != null) {
                log.info("[KICK] user={} by={} node={} reason=\"{}\"", name, by, node, reason == null ? "" : reason);
            }
            return node != null;
        }
        log.info("[KICK] user={} by={} reason=\"{}\"", session.name(), by, reason == null ? "" : reason);
        for (ClientSession also : hub.alsoHolding(name)) {
            also.disconnect("kicked", Replies.kicked(reason), Deadlines.LINGER.toNanos()); // the account's other sessions
        }
        session.disconnect("kicked", Replies.kicked(reason), Deadlines.LINGER.toNanos());
        return true;
    }

    /** The cluster this node is part of, if any. */
    public Optional<ClusterLink> cluster() {
        return Optional.ofNullable(cluster);
    }

    /** The users of the cluster's other nodes, name to node id, sorted by name ignoring case (empty without a cluster). */
    public Map<String, String> usersElsewhere() {
        return hub.usersElsewhere();
    }

    /** Every room known (with members, a topic or stored history), sorted by name ignoring case. */
    public List<RoomStatus> rooms() {
        return hub.roomStatus();
    }

    /**
     * Closes a room: every member reads {@code INFO #room closed by operator} and its own
     * {@code PART #room <name>}, and is out of it. Its history and topic stay unless {@code purge}.
     *
     * @return how many members were removed, or -1 when no such room is known
     */
    public int closeRoom(String room, boolean purge) {
        return hub.closeRoom(room, purge);
    }

    /**
     * Deletes the stored messages of a room (for moderation); members and topic stay.
     *
     * @return how many messages were deleted, or -1 when no such room is known
     */
    public long purgeHistory(String room) {
        return hub.purgeHistory(room);
    }

    // ---- accounts, for operators ----

    /** Every account, sorted by name ignoring case, with whether it is online. */
    public List<AccountStatus> accounts() {
        return hub.accountStatus();
    }

    /**
     * Deletes an account and the DMs kept for it; a session holding the name stays, as a guest.
     *
     * @return false when there is no such account
     */
    public boolean deleteAccount(String name) {
        return hub.deleteAccount(name);
    }

    /**
     * Gives an account a one-time password (to print once): the next {@code AUTH} with it is let in
     * and reads {@code INFO password-change-required}; unless that session changes it with
     * {@code PASSWORD}, it works no more.
     *
     * @return the password, or empty when there is no such account
     * @throws IllegalStateException when password hashing is saturated (try again)
     */
    public Optional<String> resetAccount(String name) {
        try {
            return Optional.ofNullable(hub.resetAccount(name));
        } catch (HashPool.Busy e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    /**
     * Locks ({@code AUTH} refused with {@code ERR account-locked}) or unlocks an account.
     *
     * @return false when there is no such account
     */
    public boolean lockAccount(String name, boolean locked) {
        return hub.lockAccount(name, locked);
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

    /** What the chat did since start: logins, leaves by reason, messages, deliveries (read, never pushed). */
    public ChatCounts chatCounts() {
        return hub.chatCounts();
    }

    /** Clients' faults since start: flood episodes and login timeouts. */
    public FaultStats faultStats() {
        return new FaultStats(hub.floodEpisodes(), hub.loginTimeouts());
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
            hub.beginShutdown();
            closeListeners();
            new GracefulShutdown(hub, config.shutdownGrace()).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (cluster != null) {
                cluster.close(); // after the users left: their names and leaves went out first
                hub.clusterClosed();
            }
            hub.closeEvents(EVENTS_GRACE_NANOS); // the sessions' Left events are queued by now
            hub.closeStore(); // no session is left to append: this commits everything accepted
            deadlines.close();
            watchdog.close(); // before the loops: closing them is no failure
            closeLoops();
            terminated.countDown();
        }
    }

    /**
     * Runs {@code action} (e.g. flushing an asynchronous log) when an I/O loop thread died or
     * stopped answering: after the {@code [FATAL]} line is logged, before the process halts with
     * status 70. The halt waits about a second for the report, this action included.
     */
    public static void beforeFatalExit(Runnable action) {
        Fatal.halting().beforeHalt(Objects.requireNonNull(action, "action"));
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

    /** From the start of {@link #shutdown()} on: new connections are refused (a readiness check says no). */
    public boolean isShuttingDown() {
        return shutdownStarted.get();
    }

    @Override
    public void close() {
        shutdown();
    }
}
