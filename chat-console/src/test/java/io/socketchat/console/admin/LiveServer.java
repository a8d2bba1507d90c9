package io.socketchat.console.admin;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.socketchat.server.ChatServer;
import io.socketchat.server.ServerConfig;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** A real chat server on 127.0.0.1, port 0, with its log lines captured, for one test. */
final class LiveServer implements AutoCloseable {

    final ChatServer server;
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger serverLogger = (Logger) LoggerFactory.getLogger("io.socketchat.server");

    private LiveServer(ChatServer server) {
        this.server = server;
    }

    static LiveServer start() {
        try {
            ServerConfig config = ServerConfig.builder()
                    .bindAddress(InetAddress.getLoopbackAddress())
                    .port(0)
                    .shutdownGrace(Duration.ofSeconds(1))
                    .build();
            LiveServer live = new LiveServer(ChatServer.start(config, ChatServer.discoverCommands()));
            live.log.start();
            live.serverLogger.addAppender(live.log);
            return live;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return server.port();
    }

    /** Log messages (formatted) seen so far. */
    List<String> logLines() {
        return List.copyOf(log.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Override
    public void close() {
        serverLogger.detachAppender(log);
        server.shutdown();
    }
}
