package io.socketchat.bench;

import picocli.CommandLine.Option;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/** Options every scenario shares: where the server is, how to name and connect clients, how to report. */
final class Target {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Server host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "4000", description = "Server port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--source-addrs", paramLabel = "LIST",
            description = "Local addresses to connect from, in turn, e.g. 127.0.0.1-4 or 127.0.0.2,127.0.0.3 "
                    + "(each has its own ephemeral ports). Default: let the kernel choose.")
    String sourceAddrs;

    @Option(names = "--name-prefix", defaultValue = "b", paramLabel = "TEXT",
            description = "Prefix of every user name (default ${DEFAULT-VALUE}); runs sharing a server need different ones.")
    String namePrefix;

    @Option(names = "--offset", defaultValue = "0", paramLabel = "N",
            description = "First client number (default ${DEFAULT-VALUE}): two processes with the same prefix use "
                    + "disjoint ranges, e.g. --offset 0 and --offset 9500.")
    int offset;

    @Option(names = "--parallel", defaultValue = "256", paramLabel = "N",
            description = "Connections being set up at once (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--io-threads", defaultValue = "2", paramLabel = "N",
            description = "Selector threads reading the clients (default ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--timeout", defaultValue = "60s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Longest wait for logins and for deliveries (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--dialect", defaultValue = "line", paramLabel = "line|irc",
            description = "What the clients speak (default ${DEFAULT-VALUE}): 'line', the SocketChat protocol, 'irc'"
                    + " (NICK/USER, JOIN #lobby, PRIVMSG), for SocketChat's IRC port and other IRC servers alike, or"
                    + " 'irc-idle': registered IRC clients that join no channel (conns: memory per idle connection).")
    String dialect;

    /** True for {@code --dialect irc}. */
    boolean irc() {
        if (!dialect.equals("line") && !dialect.equals("irc") && !dialect.equals("irc-idle")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--dialect must be 'line', 'irc' or 'irc-idle', not '" + dialect + "'");
        }
        return dialect.startsWith("irc");
    }

    /** True for {@code --dialect irc-idle}: IRC clients that register and join nothing. */
    boolean ircIdle() {
        return dialect.equals("irc-idle");
    }

    @Option(names = "--json", description = "Print one JSON line instead of a table.")
    boolean json;

    @Option(names = "--tls", description = "Connect over TLS (1.3 or 1.2; give the server's TLS port as --port). "
            + "Every connection makes a full handshake: no session is resumed.")
    boolean tls;

    @Option(names = "--ws", description = "Connect over WebSocket: give the server's HTTP port as --port; every"
            + " line is one text frame to and from /ws.")
    boolean ws;

    @Option(names = "--tls-trust", paramLabel = "PEM",
            description = "With --tls: trust the certificates in this PEM file (the server's certificate or its CA) "
                    + "instead of the JDK's default trust store.")
    Path tlsTrust;

    /** The client context for {@code --tls}, or null for plain TCP. */
    SSLContext tlsContext() throws IOException {
        if (!tls) {
            return null;
        }
        return TlsChannel.clientContext(tlsTrust);
    }

    /** A fleet for these options: TLS or WebSocket as asked. */
    Fleet fleet(int bufferBytes) throws IOException {
        if (tls && ws) {
            throw new IllegalArgumentException("--tls and --ws: choose one");
        }
        if (ws && irc()) {
            throw new IllegalArgumentException("--ws and --dialect irc: choose one");
        }
        Fleet fleet = new Fleet(server(), tlsContext(), sources(), parallel, bufferBytes, ioThreads);
        fleet.overWebSocket(ws);
        fleet.dialect(irc());
        fleet.ircIdle(ircIdle());
        return fleet;
    }

    InetSocketAddress server() {
        return new InetSocketAddress(host, port);
    }

    /** {@code --host} at another port: a node of the same cluster. */
    InetSocketAddress at(int otherPort) {
        return new InetSocketAddress(host, otherPort);
    }

    SourceAddresses sources() {
        return SourceAddresses.parse(sourceAddrs);
    }

    String name(String role, int index) {
        return namePrefix + role + (offset + index);
    }
}
