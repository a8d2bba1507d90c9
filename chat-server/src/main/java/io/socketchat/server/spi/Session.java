package io.socketchat.server.spi;

import java.net.InetAddress;
import java.util.List;

/**
 * One connected client, whatever transport carries it. Everything sent to a session goes
 * through its single outbound queue, so the client sees lines in the order they were queued.
 */
public interface Session {

    /** The name it logged in with, as typed, or {@code null} before login. */
    String name();

    default boolean isLoggedIn() {
        return name() != null;
    }

    /** Where the client connects from, for logs and operators (e.g. {@code 127.0.0.1:50312}). */
    String remoteAddress();

    /**
     * The client's address as an {@link InetAddress} (for address ranges such as
     * {@code --plaintext-auth-from}), or {@code null} when the transport does not know it.
     *
     * @since SPI 1.3
     */
    default InetAddress clientAddress() {
        return null;
    }

    /**
     * Whether the connection is encrypted end to end with the server (TLS), so a password may
     * travel on it from anywhere.
     *
     * @since SPI 1.3
     */
    default boolean isSecure() {
        return false;
    }

    /**
     * Whether the session holds its name as an account: it logged in with {@code AUTH}, or
     * registered the name it held with {@code REGISTER}. False for guests (plain {@code LOGIN}).
     *
     * @since SPI 1.3
     */
    default boolean isAuthenticated() {
        return false;
    }

    /**
     * Queues one line (no line terminator) to this client. Never blocks; a closed session
     * ignores it. A client whose queue outgrows its limit is disconnected.
     */
    void send(String line);

    /**
     * Queues several lines as one block (a listing such as {@code WHO}'s): one allocation,
     * written together, and sized before it is built. Never blocks. A block larger than this
     * client's whole send queue could never be queued: it is not built, and false is
     * returned, so the handler can answer with an error instead. Flood control charges a
     * block by its size, not as one line. The server may reuse the encoding of the very list
     * instance it was given last time: pass an unmodifiable list (or a new one each time),
     * never one changed between calls.
     *
     * @return false when the block is larger than the client's send queue (nothing was queued)
     */
    default boolean sendAll(List<String> lines) {
        for (String line : lines) {
            send(line);
        }
        return true;
    }
}
