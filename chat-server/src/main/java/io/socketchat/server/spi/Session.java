package io.socketchat.server.spi;

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
     * Queues one line (no line terminator) to this client. Never blocks; a closed session
     * ignores it. A client whose queue outgrows its limit is disconnected.
     */
    void send(String line);
}
