package io.socketchat.commands;

import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.spi.CommandHandler;
import io.socketchat.testkit.TestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real server on 127.0.0.1, any free port, serving the commands ServiceLoader finds (the
 * built-ins of this module) plus any test handlers; and the clients a test opens, all closed
 * at the end.
 */
final class ChatFixture implements AutoCloseable {

    private final ChatServer server;
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    private ChatFixture(ChatServer server) {
        this.server = server;
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
            return new ChatFixture(ChatServer.start(config.build(), handlers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChatServer server() {
        return server;
    }

    int port() {
        return server.port();
    }

    TestClient connect() {
        return track(TestClient.connect(port()));
    }

    TestClient login(String name) {
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
