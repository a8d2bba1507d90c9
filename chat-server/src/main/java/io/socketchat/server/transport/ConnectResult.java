package io.socketchat.server.transport;

/**
 * How {@code ChatServer.connect} answered a new connection: admitted as a session, or refused
 * by the server's shared admission (connection limits, shutdown).
 */
public sealed interface ConnectResult {

    /** A session is open: drive it through {@code connection}. */
    record Admitted(Connection connection) implements ConnectResult {
    }

    /**
     * Refused before any session existed: send {@code errorLine} (e.g. {@code ERR server-full}),
     * or nothing when it is null (the server is shutting down), then close the connection.
     */
    record Refused(String errorLine) implements ConnectResult {
    }
}
