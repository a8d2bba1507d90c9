package io.socketchat.server;

/**
 * The limits and history of rooms.
 *
 * @param maxRoomsPerUser rooms one user may be in at once; more get {@code ERR too-many-rooms} (default 50)
 * @param maxRoomMembers  users one room may hold; more get {@code ERR room-full} (default: no cap)
 * @param historyOnJoin   newest messages a {@code JOIN} replays as {@code HIST} lines, 0 for none (default 20)
 * @param historyPage     most messages one {@code HISTORY} returns; a larger count is cut to it (default 500)
 */
public record RoomSettings(int maxRoomsPerUser, int maxRoomMembers, int historyOnJoin, int historyPage) {

    public static final int DEFAULT_MAX_ROOMS_PER_USER = 50;
    public static final int UNLIMITED_MEMBERS = Integer.MAX_VALUE;
    public static final int DEFAULT_HISTORY_ON_JOIN = 20;
    public static final int DEFAULT_HISTORY_PAGE = 500;
    /** The count of a {@code HISTORY} that names none. */
    public static final int DEFAULT_HISTORY_COUNT = 50;

    public static final RoomSettings DEFAULTS = new RoomSettings(DEFAULT_MAX_ROOMS_PER_USER, UNLIMITED_MEMBERS,
            DEFAULT_HISTORY_ON_JOIN, DEFAULT_HISTORY_PAGE);

    public RoomSettings {
        if (maxRoomsPerUser < 1) {
            throw new IllegalArgumentException("maxRoomsPerUser must be at least 1: " + maxRoomsPerUser);
        }
        if (maxRoomMembers < 1) {
            throw new IllegalArgumentException("maxRoomMembers must be at least 1: " + maxRoomMembers);
        }
        if (historyPage < 1) {
            throw new IllegalArgumentException("historyPage must be at least 1: " + historyPage);
        }
        if (historyOnJoin < 0 || historyOnJoin > historyPage) {
            throw new IllegalArgumentException("historyOnJoin must be 0 to historyPage (" + historyPage + "): " + historyOnJoin);
        }
    }
}
