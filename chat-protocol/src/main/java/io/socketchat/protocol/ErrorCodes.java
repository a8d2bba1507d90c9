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

    /** {@code REGISTER} or {@code PASSWORD} with a password of fewer than 10 or more than 256 characters. */
    public static final String WEAK_PASSWORD = "weak-password";
    /** {@code REGISTER} by a session whose name is an account already. */
    public static final String ALREADY_REGISTERED = "already-registered";
    /** {@code AUTH}, {@code PASSWORD} or {@code UNREGISTER}: a wrong password or an unknown name (told apart by neither text nor timing). */
    public static final String BAD_CREDENTIALS = "bad-credentials";
    /** {@code LOGIN} of a name that is an account: the client may retry with {@code AUTH}. */
    public static final String NAME_REGISTERED = "name-registered";
    /** A password sent over plain TCP from an address outside {@code --plaintext-auth-from}; it was not checked. */
    public static final String TLS_REQUIRED = "tls-required";
    /** {@code AUTH} after too many failures for that account or from that address, until the window passes. */
    public static final String TOO_MANY_ATTEMPTS = "too-many-attempts";
    /** A command for authenticated sessions only ({@code HISTORY @user}, {@code PASSWORD}, {@code UNREGISTER}). */
    public static final String NOT_AUTHENTICATED = "not-authenticated";
    /** A {@code DM} to an offline account whose mailbox holds {@code --offline-max} messages. */
    public static final String MAILBOX_FULL = "mailbox-full";
    /** {@code AUTH} of an account the operator locked (said only once the password was right). */
    public static final String ACCOUNT_LOCKED = "account-locked";
    /** Password hashing is saturated (its queue is full): try again shortly. */
    public static final String SERVER_BUSY = "server-busy";
    /** Accounts need the history database: the server runs without one ({@code --no-history}). */
    public static final String ACCOUNTS_UNAVAILABLE = "accounts-unavailable";
    /** A node of a cluster cannot reach the cluster's engine, so it cannot claim a name for a login. */
    public static final String CLUSTER_UNAVAILABLE = "cluster-unavailable";

    private ErrorCodes() {
    }
}
