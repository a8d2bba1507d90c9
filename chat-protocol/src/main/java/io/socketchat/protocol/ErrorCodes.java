package io.socketchat.protocol;

/** The codes that follow {@code ERR} on the wire. Clients match on these. */
public final class ErrorCodes {

    public static final String USERNAME_TAKEN = "username-taken";
    public static final String INVALID_USERNAME = "invalid-username";
    public static final String USER_NOT_FOUND = "user-not-found";
    public static final String UNKNOWN_COMMAND = "unknown-cmd";
    public static final String NOT_LOGGED_IN = "not-logged-in";
    public static final String ALREADY_LOGGED_IN = "already-logged-in";
    public static final String LINE_TOO_LONG = "line-too-long";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String INVALID_UTF8 = "invalid-utf8";
    /** Text with control characters (other than tab) that could repaint other users' terminals. */
    public static final String INVALID_TEXT = "invalid-text";
    /** The server holds its maximum number of connections; sent just before closing. */
    public static final String SERVER_FULL = "server-full";
    /** The client's address holds its maximum number of connections; sent just before closing. */
    public static final String TOO_MANY_CONNECTIONS = "too-many-connections";
    /** The client did not log in within the login deadline; sent just before closing. */
    public static final String LOGIN_TIMEOUT = "login-timeout";
    /** A reply (a WHO listing) larger than the client's whole send queue: it could never be queued. */
    public static final String REPLY_TOO_LARGE = "reply-too-large";

    /** A room name that breaks the rules of {@link RoomNames}. */
    public static final String INVALID_ROOM = "invalid-room";
    /** {@code JOIN} of a room the user is in already. */
    public static final String ALREADY_IN_ROOM = "already-in-room";
    /** {@code SAY}, {@code PART}, {@code TOPIC} or {@code HISTORY} on a room the user is not in. */
    public static final String NOT_IN_ROOM = "not-in-room";
    /** {@code JOIN} past {@code --max-rooms-per-user}. */
    public static final String TOO_MANY_ROOMS = "too-many-rooms";
    /** {@code JOIN} of a room holding {@code --max-room-members} already. */
    public static final String ROOM_FULL = "room-full";

    private ErrorCodes() {
    }
}
