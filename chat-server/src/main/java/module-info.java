/**
 * The SocketChat server core: I/O loops on NIO selectors (a virtual thread per connection
 * only while its input needs one), a registry of logged-in users, bounded per-session
 * outbound queues under one memory budget, the command SPI and chat events for observers.
 *
 * <p>Two packages are public: {@code io.socketchat.server} to embed and steer a server
 * (start, stop, list and kick users, change port and idle timeout), and
 * {@code io.socketchat.server.spi} for command handlers, built-in and third-party alike, and for
 * chat observers.
 * Everything else stays internal.
 */
module io.socketchat.server {
    requires transitive io.socketchat.protocol;
    requires org.slf4j;

    exports io.socketchat.server;
    exports io.socketchat.server.spi;
    exports io.socketchat.server.store;

    uses io.socketchat.server.spi.CommandHandler;
    uses io.socketchat.server.spi.ChatObserver;
}
