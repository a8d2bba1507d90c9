package io.socketchat.server;

import java.time.Duration;

/**
 * Counters since start.
 *
 * @param uptime             time since the server started
 * @param connectionsAccepted every connection ever accepted
 * @param openConnections    connections open now, logged in or not
 * @param loggedInUsers      users logged in now
 * @param linesIn            non-blank lines received from clients
 * @param linesOut           lines queued to clients (a broadcast counts once per recipient)
 * @param queuedBytes        bytes waiting in all outbound queues now
 * @param slowDisconnects    clients cut off because their queue outgrew its limit
 */
public record ServerStats(
        Duration uptime,
        long connectionsAccepted,
        int openConnections,
        int loggedInUsers,
        long linesIn,
        long linesOut,
        long queuedBytes,
        long slowDisconnects) {
}
