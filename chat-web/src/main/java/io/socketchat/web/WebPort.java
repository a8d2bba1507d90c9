package io.socketchat.web;

import io.socketchat.protocol.Quoted;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.TlsContext;
import io.socketchat.server.spi.ChatObserver;
import io.socketchat.server.store.WriterStats;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.eclipse.jetty.websocket.core.server.WebSocketServerComponents;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * A chat server's HTTP port: the browser page, the WebSocket transport, metrics and health.
 * Set it up before the chat server starts (its metrics watch the commands and chat events from
 * the first connection), then {@link #start} it with the running server:
 *
 * <pre>{@code
 * WebPort web = WebPort.on(settings);
 * ChatServer server = ChatServer.start(config, web.instrument(report), web.observers(report));
 * web.start(server);
 * }</pre>
 *
 * {@link #off()} is a port that does nothing, for {@code --no-http}.
 */
public final class WebPort implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.web");

    private final WebSettings settings;
    private final WebMetrics metrics;
    private Server jetty;
    private ServerConnector connector;
    private ServerConnector httpsConnector;
    private volatile boolean closing;
    /** The history's writer, once {@link #watchHistory} named it: {@code /readyz} asks it. */
    private volatile WriterStats history;

    private WebPort(WebSettings settings) {
        this.settings = settings;
        this.metrics = settings == null ? null : new WebMetrics();
    }

    public static WebPort on(WebSettings settings) {
        return new WebPort(java.util.Objects.requireNonNull(settings, "settings"));
    }

    /** No HTTP port: every method leaves the server as it would be without one. */
    public static WebPort off() {
        return new WebPort(null);
    }

    /** The report's commands, timed for the metrics (the same report when off). */
    public PluginReport instrument(PluginReport report) {
        return metrics == null ? report : metrics.timed(report);
    }

    /**
     * The observers to start the chat server with: the report's. The metrics add none: they read
     * the core's counters when scraped, so the core builds no chat event for them.
     */
    public List<ChatObserver> observers(PluginReport report) {
        return List.copyOf(report.observers());
    }

    /** Reports the history writer's queue depth, losses and commit times in the metrics. */
    public void watchHistory(WriterStats writer) {
        history = java.util.Objects.requireNonNull(writer, "writer");
        if (metrics != null) {
            metrics.watch(java.util.Objects.requireNonNull(writer, "writer"));
        }
    }

    /** Reports the log lines {@code dropped} counts (the console's log writer) in the metrics. */
    public void countLogDrops(LongSupplier dropped) {
        if (metrics != null) {
            metrics.countLogDrops(dropped);
        }
    }

    /**
     * Listens on the HTTP port for {@code server}.
     *
     * @throws IOException when the address cannot be bound
     */
    public synchronized void start(ChatServer server) throws IOException {
        if (settings == null) {
            return;
        }
        metrics.watch(server);
        QueuedThreadPool threads = new QueuedThreadPool(64, 2);
        threads.setName("http");
        // Jetty runs what may block (the routes, a handshake) on virtual threads; its selector
        // and the WebSocket frames run on its few platform threads, which never wait here.
        threads.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(settings.bindAddress().getHostAddress());
        connector.setPort(settings.port());
        jetty.addConnector(connector);
        if (settings.https()) {
            httpsConnector = httpsConnector(server, http);
            jetty.addConnector(httpsConnector);
        }

        int maxLine = server.config().maxLineBytes();
        OriginPolicy origins = new OriginPolicy(settings.allowedOrigins());
        ClientAddress clients = new ClientAddress(settings.trustedProxies());
        // The server's components: frames are handled on the server's thread pool, not one of their own.
        WebSocketUpgradeHandler webSockets = new WebSocketUpgradeHandler(WebSocketServerComponents.ensureWebSocketComponents(jetty));
        webSockets.addMapping("/ws", new WebSocketNegotiator() {
            @Override
            public org.eclipse.jetty.websocket.core.FrameHandler negotiate(
                    org.eclipse.jetty.websocket.core.server.ServerUpgradeRequest request,
                    org.eclipse.jetty.websocket.core.server.ServerUpgradeResponse response,
                    org.eclipse.jetty.util.Callback callback) {
                ClientAddress.Client client = clients.of(request);
                if (!origins.allows(request, client.secure())) {
                    log.warn("[WS] remote={} refused=origin origin={}", client.text(),
                            Quoted.json(String.valueOf(request.getHeaders().get("Origin"))));
                    metrics.webSocketFault("origin");
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403, "origin not allowed");
                    return null;
                }
                return new WebSocketLines(server, client.address(), client.text(), client.secure(), maxLine, metrics);
            }

            @Override
            public void customize(org.eclipse.jetty.websocket.core.Configuration configuration) {
                // The chat core owns the login deadline and the idle timeout (it may change live).
                configuration.setIdleTimeout(Duration.ZERO);
                // Frames come in pieces of at most this; the line limit is the core's, per message.
                configuration.setAutoFragment(true);
                configuration.setMaxFrameSize(Math.max(maxLine + 1, 16 * 1024));
                configuration.setMaxTextMessageSize(-1);
                configuration.setMaxBinaryMessageSize(-1);
            }
        });
        webSockets.setHandler(new Routes(metrics, () -> closing || server.isShuttingDown() ? "shutting down"
                : server.cluster().filter(cluster -> !cluster.isAvailable()).isPresent() ? "cluster unavailable"
                : history != null && history.failing() ? "store unavailable" : null));
        jetty.setHandler(webSockets);
        jetty.setStopTimeout(1000);
        try {
            jetty.start();
        } catch (IOException e) {
            stopQuietly();
            throw e;
        } catch (Exception e) {
            stopQuietly();
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getMessage(), e);
        }
        log.info("[HTTP] address={} port={}{} routes=/,/ws,/metrics,/healthz,/readyz allowed-origins={} trusted-proxies={}",
                settings.bindAddress().getHostAddress(), port(), httpsConnector == null ? "" : " https-port=" + httpsPort(),
                settings.allowedOrigins().isEmpty() ? "self" : String.join(",", settings.allowedOrigins()),
                settings.trustedProxies().isEmpty() ? "none" : settings.trustedProxies());
    }

    /**
     * HTTPS and wss with the TLS listener's certificate and protocol versions; a {@code tls
     * reload} that succeeds serves the new certificate here too, to new connections.
     */
    private ServerConnector httpsConnector(ChatServer server, HttpConfiguration http) throws IOException {
        TlsContext tls = server.tlsContext().orElseThrow(() -> new IOException(
                "HTTPS needs the TLS listener's certificate: start it with --tls-port and --tls-cert"));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(tls.context());
        ssl.setIncludeProtocols(tls.protocols().toArray(String[]::new));
        // As on the TLS chat port, any name the client asks for gets the one certificate.
        HttpConfiguration secure = new HttpConfiguration(http);
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        ServerConnector https = new ServerConnector(jetty, 1, 1,
                new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(secure));
        https.setHost(settings.bindAddress().getHostAddress());
        https.setPort(settings.httpsPort());
        server.onTlsReload(() -> {
            try {
                ssl.reload(factory -> factory.setSslContext(server.tlsContext().orElseThrow().context()));
                log.info("[HTTPS] reload=ok subject={}", Quoted.json(server.tlsContext().orElseThrow().certificate().subject()));
            } catch (Exception e) {
                log.warn("[HTTPS] reload=failed cause={}", Quoted.json(e.toString()));
            }
        });
        return https;
    }

    /** The HTTPS port listened on, -1 when there is none or it is not started. */
    public synchronized int httpsPort() {
        return httpsConnector == null ? -1 : httpsConnector.getLocalPort();
    }

    /** The address the HTTP port listens on; null when off or not started. */
    public synchronized InetSocketAddress localAddress() {
        if (connector == null) {
            return null;
        }
        return new InetSocketAddress(settings.bindAddress(), connector.getLocalPort());
    }

    /** The port listened on, -1 when off or not started. */
    public int port() {
        InetSocketAddress address = localAddress();
        return address == null ? -1 : address.getPort();
    }

    /** Stops listening; {@code /readyz} answers 503 from the start of this call. */
    @Override
    public synchronized void close() {
        closing = true;
        stopQuietly();
    }

    private void stopQuietly() {
        if (jetty == null) {
            return;
        }
        try {
            jetty.stop();
        } catch (Exception e) {
            log.warn("[HTTP] stop=failed cause={}", Quoted.json(e.toString()));
        }
    }
}
