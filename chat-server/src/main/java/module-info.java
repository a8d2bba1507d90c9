/**
 * The SocketChat server core: listeners on two engines (NIO selector loops, with a virtual
 * thread per connection only while its input must wait; or a virtual thread per connection on
 * blocking sockets, which TLS uses), one input pipeline for every transport, a registry of
 * logged-in users and rooms, bounded per-session outbound queues under one memory budget, the
 * command SPI and chat events for observers.
 *
 * <p>Five packages are public: {@code io.socketchat.server} to embed and steer a server
 * (start, stop, list and kick users, change port and idle timeout), {@code
 * io.socketchat.server.spi} for command handlers, built-in and third-party alike, and for chat
 * observers, {@code io.socketchat.server.store} for a history and account store (SQLite's and
 * PostgreSQL's are modules of their own), {@code io.socketchat.server.transport} for modules
 * that carry sessions over a transport of their own (a WebSocket adapter, the IRC port), and
 * {@code io.socketchat.server.cluster} for the engine that joins nodes into one chat (Redis's
 * is a module of its own). Everything else stays internal.
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
