package io.socketchat.server.store;

import java.time.Instant;

/** A {@code DM} kept for an account that was not online, until its next {@code AUTH}. */
public record OfflineMessage(long id, Instant time, String sender, String text) {
}
