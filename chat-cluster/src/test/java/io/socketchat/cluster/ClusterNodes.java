package io.socketchat.cluster;

import io.socketchat.server.AccountSettings;
import io.socketchat.server.ChatServer;
import io.socketchat.server.PluginReport;
import io.socketchat.server.ServerConfig;
import io.socketchat.server.store.AccountStore;
import io.socketchat.server.store.MessageStore;
import io.socketchat.testkit.RedisServer;
import io.socketchat.testkit.TestClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Chat servers in this JVM joined into one cluster by a Redis of the test's own, each on a free
 * 127.0.0.1 port; and the clients a test opens. Everything is closed at the end.
 */
final class ClusterNodes implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(2);

    private final RedisServer redis = RedisServer.launch();
    private final Map<String, ChatServer> nodes = new ConcurrentHashMap<>();
    private final List<TestClient> clients = new CopyOnWriteArrayList<>();

    RedisServer redis() {
        return redis;
    }

    ChatServer start(String id) {
        return start(id, redis.url());
    }

    /** A node of the cluster that {@code redisUrl} joins (another Redis than this cluster's, for tests of the URL). */
    ChatServer start(String id, String redisUrl) {
        ServerConfig config = ServerConfig.builder()
                .bindAddress(InetAddress.getLoopbackAddress())
                .port(0)
                .shutdownGrace(Duration.ofSeconds(2))
                .floodRate(0)
                .build();
        try {
            ChatServer server = ChatServer.start(config, PluginReport.builtInsOnly(ChatServer.discoverCommands()),
                    List.of(), MessageStore.none(), AccountStore.none(), AccountSettings.DEFAULTS, System::nanoTime,
                    new RedisLink(URI.create(redisUrl), id, LEASE));
            nodes.put(id, server);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ChatServer node(String id) {
        return nodes.get(id);
    }

    void stop(String id) {
        ChatServer server = nodes.remove(id);
        if (server != null) {
            server.shutdown();
        }
    }

    TestClient login(String node, String name) {
        return track(TestClient.login(nodes.get(node).port(), name));
    }

    TestClient connect(String node) {
        return track(TestClient.connect(nodes.get(node).port()));
    }

    private TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void close() {
        clients.forEach(TestClient::close);
        nodes.values().parallelStream().forEach(ChatServer::shutdown);
        redis.close();
    }
}
