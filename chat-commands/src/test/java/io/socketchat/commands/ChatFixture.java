package io.socketchat.commands;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.TlsSettings;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.server.store.MessageStore;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.testkit.TestCertificates;
import io.socketchat.testkit.TestClient;

import javax.net.ssl.SSLContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * A real server on 127.0.0.1, any free port, serving the commands ServiceLoader finds (the
 * built-ins of this module) plus any test handlers; and the clients a test opens, all closed
 * at the end.
 */
final class ChatFixture implements AutoCloseable {

    private final ChatServer server;
    /** Null: {@link #connect()} and {@link #login} use plain TCP; else TLS with this client context. */
    private final SSLContext tlsClient;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    private ChatFixture(ChatServer server, SSLContext tlsClient) {
        this.server = server;
        this.tlsClient = tlsClient;
    }

    /**
     * Loopback, port 0, a short shutdown grace so a test never waits long for a stuck client,
     * and no flood control: these tests send hundreds of lines per client as fast as they can
     * (flood control has its own tests in the hardening package).
     */
    static ServerConfig.Builder config() {
        return ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownGrace(Duration.ofSeconds(2))
                .floodRate(0);
    }

    static ChatFixture start() {
        return start(config());
    }

    static ChatFixture start(ServerConfig.Builder config, CommandHandler... extraHandlers) {
        List<CommandHandler> handlers = new ArrayList<>(ChatServer.discoverCommands());
        handlers.addAll(List.of(extraHandlers));
        try {
            return new ChatFixture(ChatServer.start(config.build(), handlers), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server keeping its history in {@code store} (which it closes at shutdown). */
    static ChatFixture startWithStore(ServerConfig.Builder config, MessageStore store) {
        try {
            return new ChatFixture(ChatServer.start(config.build(), PluginReport.builtInsOnly(ChatServer.discoverCommands()),
                    List.of(), store), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server with history and accounts in {@code store} (SQLite's is both), these account
     * settings and this clock for the failed-attempt window; over TLS too when {@code leaf} is given.
     */
    static ChatFixture startWithAccounts(ServerConfig.Builder config, SqliteStore store, AccountSettings settings,
                                         LongSupplier clock, TestCertificates certificates, TestCertificates.Leaf leaf) {
        try {
            if (leaf != null) {
                config.tls(TlsSettings.pem(0, leaf.fullchain(), leaf.privkey()));
            }
            ChatServer server = ChatServer.start(config.build(), PluginReport.builtInsOnly(ChatServer.discoverCommands()),
                    List.of(), store, store, settings, clock);
            return new ChatFixture(server, leaf == null ? null : certificates.trustingClient());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As {@link #startWithStore}, over TLS as {@link #startTls}. */
    static ChatFixture startTlsWithStore(ServerConfig.Builder config, TestCertificates certificates,
                                         TestCertificates.Leaf leaf, MessageStore store) {
        try {
            ChatServer server = ChatServer.start(config.tls(TlsSettings.pem(0, leaf.fullchain(), leaf.privkey())).build(),
                    PluginReport.builtInsOnly(ChatServer.discoverCommands()), List.of(), store);
            return new ChatFixture(server, certificates.trustingClient());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A server with a TLS listener too (any free port, a certificate of {@code certificates});
     * {@link #connect()} and {@link #login} then go over TLS, {@link #connectPlain()} and
     * {@link #loginPlain} over TCP.
     */
    static ChatFixture startTls(ServerConfig.Builder config, TestCertificates certificates, TestCertificates.Leaf leaf,
                                CommandHandler... extraHandlers) {
        List<CommandHandler> handlers = new ArrayList<>(ChatServer.discoverCommands());
        handlers.addAll(List.of(extraHandlers));
        try {
            ChatServer server = ChatServer.start(config.tls(TlsSettings.pem(0, leaf.fullchain(), leaf.privkey())).build(), handlers);
            return new ChatFixture(server, certificates.trustingClient());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CA and one EC leaf for 127.0.0.1 in {@code directory}. */
    static TestCertificates certificates(Path directory) {
        return TestCertificates.createCa(directory);
    }

    ChatServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    int tlsPort() {
        return server.tlsAddress().orElseThrow().getPort();
    }

    SSLContext tlsClient() {
        return tlsClient;
    }

    /** A client of the fixture's transport: TLS for {@link #startTls}, else TCP. */
    TestClient connect() {
        return tlsClient == null ? connectPlain() : track(TestClient.connectTls(tlsPort(), tlsClient));
    }

    TestClient login(String name) {
        return tlsClient == null ? loginPlain(name) : track(TestClient.loginTls(tlsPort(), tlsClient, name));
    }

    TestClient connectPlain() {
        return track(TestClient.connect(port()));
    }

    TestClient loginPlain(String name) {
        return track(TestClient.login(port(), name));
    }

    TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        server.shutdown();
    }
}
