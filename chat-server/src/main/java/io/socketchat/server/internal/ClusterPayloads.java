package io.socketchat.server.internal;

/**
 * The payloads nodes send each other: a letter, then fields separated by tabs; the last field
 * (a protocol line, or a kick's reason) may hold tabs itself. Name and room keys never do.
 *
 * <pre>
 * L key name         a user of the sender logged in
 * Q key              a user of the sender left
 * A line             a line for every user
 * U key line         a line for one user (sent to its node only)
 * R roomKey line     a line for a room's members
 * K key by reason    kick that user (sent to its node only)
 * M roomKey roomName key name   a user of the sender joined a room
 * P roomKey key      a user of the sender parted a room
 * T roomKey roomName setter text   a user of the sender set a room's topic
 * S                  the sender is new to this node: tell it every membership and topic
 * G key              the sender changed the account under key in the shared store
 * </pre>
 */
final class ClusterPayloads {

    private ClusterPayloads() {
    }

    static final char LOGGED_IN = 'L';
    static final char LEFT = 'Q';
    static final char TO_ALL = 'A';
    static final char TO_USER = 'U';
    static final char TO_ROOM = 'R';
    static final char KICK = 'K';
    static final char JOINED = 'M';
    static final char PARTED = 'P';
    static final char TOPIC = 'T';
    static final char SYNC = 'S';
    static final char ACCOUNT = 'G';

    static String loggedIn(String key, String name) {
        return LOGGED_IN + "\t" + key + "\t" + name;
    }

    static String left(String key) {
        return LEFT + "\t" + key;
    }

    static String toAll(String line) {
        return TO_ALL + "\t" + line;
    }

    static String toUser(String key, String line) {
        return TO_USER + "\t" + key + "\t" + line;
    }

    static String toRoom(String roomKey, String line) {
        return TO_ROOM + "\t" + roomKey + "\t" + line;
    }

    static String kick(String key, String by, String reason) {
        return KICK + "\t" + key + "\t" + by + "\t" + (reason == null ? "" : reason);
    }

    static String joined(String roomKey, String roomName, String key, String name) {
        return JOINED + "\t" + roomKey + "\t" + roomName + "\t" + key + "\t" + name;
    }

    static String parted(String roomKey, String key) {
        return PARTED + "\t" + roomKey + "\t" + key;
    }

    static String topic(String roomKey, String roomName, String setter, String text) {
        return TOPIC + "\t" + roomKey + "\t" + roomName + "\t" + setter + "\t" + text;
    }

    static String accountChanged(String key) {
        return ACCOUNT + "\t" + key;
    }

    static String sync() {
        return String.valueOf(SYNC);
    }

    /** The fields after the letter: {@code count} of them, the last taking the rest. */
    static String[] fields(String payload, int count) {
        if (payload.length() < 2 || payload.charAt(1) != '\t') {
            return null;
        }
        String[] fields = payload.substring(2).split("\t", count);
        return fields.length == count ? fields : null;
    }
}
