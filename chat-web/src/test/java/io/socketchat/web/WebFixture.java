package io.socketchat.web;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.Cidr;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.server.store.WriterStats;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.testkit.TestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A chat server on 127.0.0.1 with its HTTP port, both on free ports, wired as the command line
 * wires them; and the clients a test opens, all closed at the end.
 */
final class WebFixture implements AutoCloseable {

    private final ChatServer server;
    private final WebPort web;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private WebFixture(ChatServer server, WebPort web) {
        this.server = server;
        this.web = web;
    }

    /** Loopback, free ports, a short shutdown grace, no flood control (each test sends fast). */
    static ServerConfig.Builder config() {
        return ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownGrace(Duration.ofSeconds(2))
                .floodRate(0);
    }

    static WebSettings web() {
        return web(0);
    }

    static WebSettings web(int port) {
        return new WebSettings(InetAddress.getLoopbackAddress(), port, List.of(), List.of());
    }

    static WebFixture start() {
        return start(config(), web());
    }

    static WebFixture start(ServerConfig.Builder config, WebSettings settings) {
        return start(config, settings, MessageStore.none());
    }

    /** With history in {@code store}, which the server closes when it shuts down. */
    static WebFixture start(ServerConfig.Builder config, WebSettings settings, MessageStore store) {
        return start(config, settings, store, List.of());
    }

    /** Cheap Argon2id parameters: these tests check the web's side of accounts, not the hashing cost. */
    static final AccountSettings.Argon2 TEST_ARGON2 = new AccountSettings.Argon2(1024, 1, 1);

    /** Accounts (and history) in SQLite's {@code store}, under {@code accounts}. */
    static WebFixture startWithAccounts(ServerConfig.Builder config, WebSettings settings, SqliteStore store,
                                        AccountSettings accounts) {
        return start(config, settings, store, store, accounts, List.of());
    }

    /** With {@code extra} commands beside the built-in ones, wired as the command line wires them. */
    static WebFixture start(ServerConfig.Builder config, WebSettings settings, MessageStore store, List<CommandHandler> extra) {
        return start(config, settings, store, AccountStore.none(), AccountSettings.DEFAULTS, extra);
    }

    private static WebFixture start(ServerConfig.Builder config, WebSettings settings, MessageStore store,
                                    AccountStore accountStore, AccountSettings accounts, List<CommandHandler> extra) {
        List<CommandHandler> handlers = new java.util.ArrayList<>(ChatServer.discoverCommands());
        handlers.addAll(extra);
        PluginReport commands = PluginReport.builtInsOnly(handlers);
        WebPort web = WebPort.on(settings);
        if (store instanceof WriterStats writer) {
            web.watchHistory(writer);
        }
        try {
            ChatServer server = ChatServer.start(config.build(), web.instrument(commands), web.observers(commands), store,
                    accountStore, accounts);
            try {
                web.start(server);
            } catch (IOException e) {
                server.shutdown();
                throw e;
            }
            return new WebFixture(server, web);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Cidr> ranges(String text) {
        return Cidr.parseList(text);
    }

    ChatServer server() {
        return server;
    }

    WebPort webPort() {
        return web;
    }

    int httpPort() {
        return web.port();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort() + path);
    }

    URI webSocketUri() {
        return URI.create("ws://127.0.0.1:" + httpPort() + "/ws");
    }

    WsClient connect(String... headers) {
        return track(WsClient.connect(webSocketUri(), headers));
    }

    WsClient login(String name) {
        WsClient client = connect();
        client.send("LOGIN " + name);
        String reply = client.read();
        if (!"OK".equals(reply)) {
            throw new AssertionError("LOGIN " + name + " answered " + reply);
        }
        return client;
    }

    TestClient tcp() {
        return track(TestClient.connect(server.port()));
    }

    TestClient tcpLogin(String name) {
        return track(TestClient.login(server.port(), name));
    }

    RawWebSocket raw() {
        return track(RawWebSocket.connect(httpPort()));
    }

    HttpResponse<String> get(String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private <T extends AutoCloseable> T track(T client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // the test is over: a client that fails to close changes nothing
            }
        }
        server.shutdown();
        web.close();
    }
}
