/**
 * The SocketChat server core: listeners on two engines (NIO selector loops, with a virtual
 * thread per connection only while its input must wait; or a virtual thread per connection on
 * blocking sockets, which TLS uses), one input pipeline for every transport, a registry of
 * logged-in users and rooms, bounded per-session outbound queues under one memory budget, the
 * command SPI and chat events for observers.
 *
 * <p>Four packages are public: {@code io.socketchat.server} to embed and steer a server
 * (start, stop, list and kick users, change port and idle timeout), {@code
 * io.socketchat.server.spi} for command handlers, built-in and third-party alike, and for chat
 * observers, {@code io.socketchat.server.store} for a history store (SQLite's is a module of
 * its own), and {@code io.socketchat.server.transport} for modules that carry sessions over a
 * transport of their own (a WebSocket adapter). Everything else stays internal.
 */
module io.socketchat.server {
    requires transitive io.socketchat.protocol;
    requires org.slf4j;
    requires org.bouncycastle.provider;

    exports io.socketchat.server;
    exports io.socketchat.server.spi;
    exports io.socketchat.server.cluster;
    exports io.socketchat.server.store;
    exports io.socketchat.server.transport;

    uses io.socketchat.server.spi.CommandHandler;
    uses io.socketchat.server.spi.ChatObserver;
}
