package io.socketchat.server;

/**
 * A room as operators see it.
 *
 * @param name     as first created
 * @param members  users in it now
 * @param topic    its topic, or {@code null}
 * @param messages messages stored for it; -1 when the store cannot be read
 */
public record RoomStatus(String name, int members, String topic, long messages) {
}
