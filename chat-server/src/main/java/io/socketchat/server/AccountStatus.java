package io.socketchat.server;

import java.time.Instant;

/**
 * An account as operators see it ({@code accounts} at the console).
 *
 * @param name     as registered
 * @param created  when it was registered
 * @param lastSeen its last successful {@code AUTH}, or {@code null}
 * @param locked   {@code account lock}: {@code AUTH} is refused
 * @param reset    it holds an operator's one-time password (used or not), not one of its own
 * @param online   a session holds the name now
 * @param offline  {@code DM}s kept for its next {@code AUTH}
 */
public record AccountStatus(String name, Instant created, Instant lastSeen, boolean locked, boolean reset,
                            boolean online, int offline) {
}
