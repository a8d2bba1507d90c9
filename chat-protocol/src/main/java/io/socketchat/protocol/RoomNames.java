package io.socketchat.protocol;

/**
 * Room name rules: {@code #} followed by 1 to 32 characters, each a letter or digit, {@code _},
 * {@code -} or {@code .} (the rule of {@link Usernames}). Rooms are shown as first created but
 * matched by {@link #key(String)}, so {@code #Java} and {@code #java} are one room.
 */
public final class RoomNames {

    /** What a room name starts with; {@code HISTORY *} names the lobby instead. */
    public static final char PREFIX = '#';

    private RoomNames() {
    }

    public static boolean isValid(String room) {
        return room != null && room.length() > 1 && room.charAt(0) == PREFIX && Usernames.isValid(room.substring(1));
    }

    /** The identity of a valid room name, {@code #} included: NFKC-normalized and case-folded. */
    public static String key(String room) {
        return PREFIX + Usernames.key(room.substring(1));
    }
}
