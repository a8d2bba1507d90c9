package io.socketchat.web;

import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerStats;
import io.socketchat.server.spi.ChatEvent;
import io.socketchat.server.spi.ChatObserver;
import io.socketchat.server.spi.CommandContext;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.spi.CommandSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The server's Prometheus metrics, kept off the message path: the core's own counters are read
 * only when scraped ({@link ChatServer#stats()}); logins, leaves and deliveries come from chat
 * events on the observers' thread; command handling time is two clock reads per command.
 */
final class WebMetrics implements ChatObserver {

    private static final double[] COMMAND_SECONDS = {0.00001, 0.00005, 0.0001, 0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final LongAdder webSocketsAccepted = new LongAdder();
    private final AtomicLong webSocketsOpen = new AtomicLong();
    private final Counter logins;
    private final Counter disconnects;
    private final Counter messages;
    private final Counter deliveries;
    private final Counter deliveredBytes;
    private final Counter webSocketFaults;
    private final Histogram commandSeconds;
    private volatile Supplier<ServerStats> stats;

    WebMetrics() {
        logins = Counter.builder().name("socketchat_logins_total").help("Sessions that logged in")
                .withoutExemplars().register(registry);
        disconnects = Counter.builder().name("socketchat_disconnects_total")
                .help("Logged-in sessions that left, by reason (quit, reset, idle, kicked, slow, write-error, shutdown)")
                .labelNames("reason").withoutExemplars().register(registry);
        messages = Counter.builder().name("socketchat_messages_total").help("Messages sent, by kind (lobby, dm)")
                .labelNames("kind").withoutExemplars().register(registry);
        deliveries = Counter.builder().name("socketchat_deliveries_total")
                .help("Messages queued to recipients (a lobby message counts once per recipient)")
                .withoutExemplars().register(registry);
        deliveredBytes = Counter.builder().name("socketchat_delivered_text_bytes_total")
                .help("UTF-8 bytes of message text queued to recipients").withoutExemplars().register(registry);
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
        JvmMetrics.builder().register(registry);
    }

    /** Starts reading the core's counters from {@code server}. */
    void watch(ChatServer server) {
        stats = server::stats;
    }

    private ServerStats current() {
        Supplier<ServerStats> source = stats;
        return source == null ? new ServerStats(java.time.Duration.ZERO, 0, 0, 0, 0, 0, 0, 0) : source.get();
    }

    /** The same commands, each timed into {@code socketchat_command_duration_seconds}. */
    PluginReport timed(PluginReport report) {
        return new PluginReport(report.directory(), report.commands().stream()
                .map(entry -> new PluginReport.CommandEntry(entry.word(), entry.module(), entry.version(), entry.jar(),
                        new TimedCommand(entry.handler(), commandSeconds.labelValues(entry.word()))))
                .toList(), report.loaded(), report.errors(), report.observers());
    }

    @Override
    public void observe(ChatEvent event) {
        switch (event) {
            case ChatEvent.LoggedIn ignored -> logins.inc();
            case ChatEvent.Left left -> disconnects.labelValues(left.reason()).inc();
            case ChatEvent.LobbyMessage lobby -> {
                messages.labelValues("lobby").inc();
                deliveries.inc(lobby.recipients());
                deliveredBytes.inc((double) utf8Length(lobby.text()) * lobby.recipients());
            }
            case ChatEvent.DirectMessage direct -> {
                messages.labelValues("dm").inc();
                deliveries.inc();
                deliveredBytes.inc(utf8Length(direct.text()));
            }
            default -> {
                // kinds added later (room messages) are not counted yet
            }
        }
    }

    @Override
    public String name() {
        return "metrics";
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

    private static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A command handler that records how long each call takes. */
    private record TimedCommand(CommandHandler handler, DistributionDataPoint seconds) implements CommandHandler {

        @Override
        public CommandSpec spec() {
            return handler.spec();
        }

        @Override
        public void handle(CommandContext context) throws Exception {
            long start = System.nanoTime();
            try {
                handler.handle(context);
            } finally {
                seconds.observe((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
