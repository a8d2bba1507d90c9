package io.socketchat.server.store;

/**
 * A room as the store remembers it across restarts.
 *
 * @param key          {@code RoomNames.key} of its name
 * @param name         as first created
 * @param topicSetter  who set its topic, or {@code null} when none is set
 * @param topic        its topic, or {@code null}
 * @param messages     how many of its messages are stored
 */
public record StoredRoom(String key, String name, String topicSetter, String topic, long messages) {
}
