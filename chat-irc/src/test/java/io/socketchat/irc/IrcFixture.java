package io.socketchat.irc;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.store.sqlite.SqliteStore;
import io.socketchat.store.sqlite.StoreOpenException;
import io.socketchat.store.sqlite.StoreSettings;
import io.socketchat.testkit.TestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A chat server on 127.0.0.1 with its IRC port, both on free ports, wired as the command line
 * wires them; and the clients a test opens, all closed at the end.
 */
final class IrcFixture implements AutoCloseable {

    private final ChatServer server;
    private final IrcPort irc;
    private final List<AutoCloseable> clients = new CopyOnWriteArrayList<>();

    private IrcFixture(ChatServer server, IrcPort irc) {
        this.server = server;
        this.irc = irc;
    }

    /** Loopback, a free port, a short shutdown grace, no flood control (each test sends fast). */
    static ServerConfig.Builder config() {
        return ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownGrace(Duration.ofSeconds(2))
                .floodRate(0);
    }

    static IrcFixture start() {
        return start(config(), false);
    }

    /** Cheap Argon2id parameters: the account tests hash often and measure nothing. */
    static final AccountSettings.Argon2 TEST_ARGON2 = new AccountSettings.Argon2(1024, 1, 1);

    /** Accounts as the defaults have them (plain passwords from loopback), cheaply hashed. */
    static AccountSettings accounts() {
        return AccountSettings.DEFAULTS.withArgon2(TEST_ARGON2);
    }

    static IrcFixture start(ServerConfig.Builder config, boolean tls) {
        return start(config, tls, MessageStore.none(), AccountStore.none(), AccountSettings.DEFAULTS);
    }

    /**
     * With history and accounts in a SQLite store in {@code dataDir}, as the command line keeps
     * them; the server closes the store when it stops.
     */
    static IrcFixture startWithAccounts(ServerConfig.Builder config, boolean tls, Path dataDir, AccountSettings accounts) {
        SqliteStore store;
        try {
            store = SqliteStore.open(StoreSettings.in(dataDir));
        } catch (StoreOpenException e) {
            throw new IllegalStateException(e);
        }
        return start(config, tls, store, store, accounts);
    }

    private static IrcFixture start(ServerConfig.Builder config, boolean tls, MessageStore store, AccountStore accountStore,
                                    AccountSettings accounts) {
        PluginReport commands = PluginReport.builtInsOnly(ChatServer.discoverCommands());
        IrcPort irc = IrcPort.on(new IrcSettings(InetAddress.getLoopbackAddress(), 0, tls ? 0 : null));
        try {
            ChatServer server = ChatServer.start(config.build(), commands, commands.observers(), store, accountStore, accounts);
            try {
                irc.start(server);
            } catch (IOException | RuntimeException e) {
                server.shutdown();
                throw e;
            }
            return new IrcFixture(server, irc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChatServer server() {
        return server;
    }

    IrcPort irc() {
        return irc;
    }

    int ircPort() {
        return irc.address().orElseThrow().getPort();
    }

    /** A raw IRC connection, not registered yet. */
    TestClient connectIrc() {
        return track(TestClient.connect(ircPort()));
    }

    /** An IRC client registered as {@code nick}, its welcome read up to the lobby's NAMES end. */
    TestClient irc(String nick) {
        TestClient client = connectIrc();
        client.send("NICK " + nick);
        client.send("USER " + nick + " 0 * :" + nick + " Real");
        readUntil(client, line -> line.contains(" 366 ") && line.contains("#lobby"));
        return client;
    }

    /** A line-protocol client logged in as {@code name}. */
    TestClient line(String name) {
        return track(TestClient.login(server.port(), name));
    }

    TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    /** Lines up to and including the first that {@code last} accepts. */
    static List<String> readUntil(TestClient client, Predicate<String> last) {
        List<String> lines = new ArrayList<>();
        String line;
        do {
            line = client.readLine();
            lines.add(line);
        } while (!last.test(line));
        return lines;
    }

    /** Sends a PING with {@code token} and returns every IRC line before its PONG. */
    static List<String> drainIrc(TestClient client, String token) {
        client.send("PING :" + token);
        List<String> lines = readUntil(client, line -> line.contains(" PONG ") && line.endsWith(":" + token));
        return lines.subList(0, lines.size() - 1);
    }

    @Override
    public void close() {
        for (AutoCloseable client : clients) {
            try {
                client.close();
            } catch (Exception ignored) {
                // closing is best effort
            }
        }
        irc.close();
        server.shutdown();
        server.awaitTermination();
    }
}
