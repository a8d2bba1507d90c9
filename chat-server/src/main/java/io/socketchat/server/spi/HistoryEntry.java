package io.socketchat.server.spi;

import java.time.Instant;

/**
 * One stored chat message, as {@code HISTORY} shows it.
 *
 * @param id     stable, increasing in the order the server accepted messages (across restarts too)
 * @param time   when the server accepted it
 * @param sender the sender's name as it logged in
 * @since SPI 1.2
 */
public record HistoryEntry(long id, Instant time, String sender, String text) {
}
