package io.socketchat.web;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.socketchat.server.ChatCounts;
import io.socketchat.server.ChatServer;
import io.socketchat.server.FaultStats;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerStats;
import io.socketchat.server.WrappedCommand;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;
import io.socketchat.server.spi.Chat;
import io.socketchat.server.spi.Session;
import io.socketchat.server.store.WriterStats;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, kept off the message path: the core's own counters are read
 * only when scraped ({@link ChatServer#stats()}, {@link ChatServer#chatCounts()},
 * {@link ChatServer#faultStats()}), so no chat event is needed; command handling time is two
 * clock reads per command.
 */
final class WebMetrics {

    private static final double[] COMMAND_SECONDS = {0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1};
    private static final double[] COMMIT_SECONDS = {0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};
    /** The commands that log a session in: an ERR they answer is a login failure, by its code. */
    private static final Set<String> LOGIN_WORDS = Set.of("LOGIN", "AUTH");

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final LongAdder webSocketsAccepted = new LongAdder();
    private final AtomicLong webSocketsOpen = new AtomicLong();
    private final Counter webSocketFaults;
    private final Histogram commandSeconds;
    private final Histogram commitSeconds;
    private final Map<String, LongAdder> loginFailures = new ConcurrentHashMap<>();
    private volatile Supplier<ServerStats> stats;
    private volatile Supplier<FaultStats> faults;
    private volatile Supplier<ChatCounts> counts;
    private volatile WriterStats historyWriter;
    private volatile LongSupplier droppedLogLines = () -> 0;

    WebMetrics() {
        CounterWithCallback.builder().name("socketchat_logins_total").help("Sessions that logged in")
                .callback(callback -> callback.call(chat().logins())).register(registry);
        CounterWithCallback.builder().name("socketchat_disconnects_total")
                .help("Logged-in sessions that left, by reason (quit, reset, idle, kicked, slow, write-error, shutdown)")
                .labelNames("reason")
                .callback(callback -> chat().leaves().forEach((reason, count) -> callback.call(count, reason)))
                .register(registry);
        CounterWithCallback.builder().name("socketchat_messages_total").help("Messages sent, by kind (lobby, dm, room)")
                .labelNames("kind").callback(callback -> {
                    ChatCounts now = chat();
                    callback.call(now.lobbyMessages(), "lobby");
                    callback.call(now.directMessages(), "dm");
                    callback.call(now.roomMessages(), "room");
                }).register(registry);
        CounterWithCallback.builder().name("socketchat_deliveries_total")
                .help("Messages queued to recipients (a lobby or room message counts once per recipient)")
                .callback(callback -> callback.call(chat().deliveries())).register(registry);
        CounterWithCallback.builder().name("socketchat_delivered_text_bytes_total")
                .help("UTF-8 bytes of message text queued to recipients")
                .callback(callback -> callback.call(chat().deliveredTextBytes())).register(registry);
        webSocketFaults = Counter.builder().name("socketchat_websocket_faults_total")
                .help("WebSocket clients' faults, by kind (binary-frame, line-too-long, origin)")
                .labelNames("fault").withoutExemplars().register(registry);
        commandSeconds = Histogram.builder().name("socketchat_command_duration_seconds")
                .help("Time to handle one command, by command word").labelNames("command")
                .classicOnly().classicUpperBounds(COMMAND_SECONDS).withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("socketchat_connections").help("Connections open now, by transport (tcp includes TLS)")
                .labelNames("transport").callback(callback -> {
                    ServerStats now = current();
                    long web = webSocketsOpen.get();
                    callback.call(Math.max(0, now.openConnections() - web), "tcp");
                    callback.call(web, "websocket");
                }).register(registry);
        CounterWithCallback.builder().name("socketchat_connections_accepted_total")
                .help("Connections accepted since start, by transport (tcp includes TLS)").labelNames("transport")
                .callback(callback -> {
                    ServerStats now = current();
                    long web = webSocketsAccepted.sum();
                    callback.call(Math.max(0, now.connectionsAccepted() - web), "tcp");
                    callback.call(web, "websocket");
                }).register(registry);
        GaugeWithCallback.builder().name("socketchat_users").help("Users logged in now")
                .callback(callback -> callback.call(current().loggedInUsers())).register(registry);
        CounterWithCallback.builder().name("socketchat_lines_in_total").help("Non-blank lines received from clients")
                .callback(callback -> callback.call(current().linesIn())).register(registry);
        CounterWithCallback.builder().name("socketchat_lines_out_total")
                .help("Lines queued to clients (a broadcast counts once per recipient)")
                .callback(callback -> callback.call(current().linesOut())).register(registry);
        CounterWithCallback.builder().name("socketchat_slow_disconnects_total")
                .help("Clients cut off because their send queue outgrew its limit")
                .callback(callback -> callback.call(current().slowDisconnects())).register(registry);
        GaugeWithCallback.builder().name("socketchat_queued_bytes").help("Bytes waiting in all send queues now")
                .callback(callback -> callback.call(current().queuedBytes())).register(registry);
        CounterWithCallback.builder().name("socketchat_login_failures_total")
                .help("Failed logins, by reason: the ERR code LOGIN or AUTH answered (username-taken, invalid-username,"
                        + " bad-credentials, ...), or login-timeout")
                .labelNames("reason").callback(callback -> {
                    loginFailures.forEach((reason, count) -> callback.call(count.sum(), reason));
                    callback.call(currentFaults().loginTimeouts(), "login-timeout");
                }).register(registry);
        CounterWithCallback.builder().name("socketchat_flood_episodes_total")
                .help("Flood episodes begun: a client past its burst, read more slowly (one per [FLOOD] line)")
                .callback(callback -> callback.call(currentFaults().floodEpisodes())).register(registry);
        CounterWithCallback.builder().name("socketchat_log_lines_dropped_total")
                .help("Log lines the console's writer dropped because standard output could not keep up")
                .callback(callback -> callback.call(droppedLogLines.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("socketchat_history_queue_depth")
                .help("Messages accepted and not yet committed by the history writer")
                .callback(callback -> {
                    WriterStats writer = historyWriter;
                    if (writer != null) {
                        callback.call(writer.queued());
                    }
                }).register(registry);
        CounterWithCallback.builder().name("socketchat_history_lost_total")
                .help("Messages accepted for history but lost (failed commits, a full writer queue)")
                .callback(callback -> {
                    WriterStats writer = historyWriter;
                    if (writer != null) {
                        callback.call(writer.lost());
                    }
                }).register(registry);
        commitSeconds = Histogram.builder().name("socketchat_history_commit_seconds")
                .help("Time of one history commit (a batch of messages), from its first statement to its commit")
                .classicOnly().classicUpperBounds(COMMIT_SECONDS).withoutExemplars().register(registry);
        JvmMetrics.builder().register(registry);
    }

    /** Starts reading the history writer's queue, losses and commit times. */
    void watch(WriterStats writer) {
        historyWriter = writer;
        writer.onCommit(nanos -> commitSeconds.observe(nanos / 1e9));
    }

    /** Where the count of dropped log lines comes from (the console's log writer). */
    void countLogDrops(LongSupplier dropped) {
        droppedLogLines = Objects.requireNonNull(dropped, "dropped");
    }

    private FaultStats currentFaults() {
        Supplier<FaultStats> source = faults;
        return source == null ? new FaultStats(0, 0) : source.get();
    }

    /** Starts reading the core's counters from {@code server}. */
    void watch(ChatServer server) {
        stats = server::stats;
        faults = server::faultStats;
        counts = server::chatCounts;
    }

    private ChatCounts chat() {
        Supplier<ChatCounts> source = counts;
        return source == null ? new ChatCounts(0, java.util.Map.of(), 0, 0, 0, 0, 0) : source.get();
    }

    private ServerStats current() {
        Supplier<ServerStats> source = stats;
        return source == null ? new ServerStats(java.time.Duration.ZERO, 0, 0, 0, 0, 0, 0, 0) : source.get();
    }

    /** The same commands, each timed into {@code socketchat_command_duration_seconds}. */
    PluginReport timed(PluginReport report) {
        return new PluginReport(report.directory(), report.commands().stream()
                .map(entry -> new PluginReport.CommandEntry(entry.word(), entry.module(), entry.version(), entry.jar(),
                        new TimedCommand(entry.handler(), commandSeconds.labelValues(entry.word()),
                                LOGIN_WORDS.contains(entry.word()) ? this::loginFailed : null)))
                .toList(), report.loaded(), report.errors(), report.observers());
    }

    void webSocketOpened() {
        webSocketsAccepted.increment();
        webSocketsOpen.incrementAndGet();
    }

    void webSocketClosed() {
        webSocketsOpen.decrementAndGet();
    }

    void webSocketFault(String fault) {
        webSocketFaults.labelValues(fault).inc();
    }

    String contentType() {
        return writer.getContentType();
    }

    void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }

    private void loginFailed(String code) {
        loginFailures.computeIfAbsent(code.startsWith("usage:") ? "usage" : code, reason -> new LongAdder()).increment();
    }

    /**
     * A command handler that records how long each call takes and, for a login command, the ERR
     * it answers. Logs and listings name the handler it wraps ({@link WrappedCommand}).
     */
    private record TimedCommand(CommandHandler handler, DistributionDataPoint seconds, Consumer<String> failures)
            implements WrappedCommand {

        @Override
        public CommandHandler wrapped() {
            return handler;
        }

        @Override
        public CommandSpec spec() {
            return handler.spec();
        }

        @Override
        public void handle(CommandContext context) throws Exception {
            long start = System.nanoTime();
            try {
                handler.handle(failures == null ? context : new LoginReplies(context, failures));
            } finally {
                seconds.observe((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** A login command's context that counts the ERR lines it answers (a reply sent later, from another thread, is not seen). */
    private record LoginReplies(CommandContext context, Consumer<String> failures) implements CommandContext {

        @Override
        public Session sender() {
            return context.sender();
        }

        @Override
        public String word() {
            return context.word();
        }

        @Override
        public String argument() {
            return context.argument();
        }

        @Override
        public List<String> arguments(int limit) {
            return context.arguments(limit);
        }

        @Override
        public Chat chat() {
            return context.chat();
        }

        @Override
        public void reply(String line) {
            if (line.startsWith("ERR ")) {
                failures.accept(line.substring(4));
            }
            context.reply(line);
        }

        @Override
        public void replyError(String code) {
            failures.accept(code);
            context.replyError(code);
        }

        @Override
        public boolean replyAll(List<String> lines) {
            return context.replyAll(lines);
        }
    }
}
