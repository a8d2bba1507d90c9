package io.socketchat.server.spi;

import io.socketchat.protocol.Replies;

import java.util.List;

/**
 * The shared chat every handler acts on. All methods are thread-safe.
 *
 * <p>Blocking: {@link #login}, {@link #userNames}, {@link #rooms} and {@link #logsMessageText}
 * never block; {@link #joinRoom} and {@link #history} read the history store and may. The
 * methods that queue lines to other users ({@link #deliverTo}, {@link #sendTo}, {@link
 * #broadcast}, {@link #broadcastMessage}, {@link #directMessage}, {@link #say}) treat a
 * recipient whose queue is full but still draining by where they are called from. In a command
 * that runs on its connection's own thread, the call waits for room (back-pressure, at most
 * about 2 s, after which that recipient is cut off as slow). In one declared non-blocking,
 * which may run on an I/O thread, the call never waits: the line is queued anyway (up to twice
 * the recipient's limit) and the sender's next line waits for room instead. Called from a thread
 * of the handler's own, nothing waits and a full queue cuts its client off. None of them waits
 * for a {@link ChatObserver}: events are queued to observers, never handed over inline.
 *
 * <p>Chat lines come in two kinds. {@link #broadcastMessage} and {@link #directMessage} are
 * the chat itself: they write the protocol's {@code MSG}/{@code DM} lines and tell observers
 * ({@link ChatEvent}). {@link #broadcast} and {@link #deliverTo} queue any line a handler
 * formatted itself (a plugin's own notices) and tell no one.
 */
public interface Chat {

    /**
     * How a login attempt ended. {@code CLUSTER_UNAVAILABLE} (since SPI 1.4): a node of a
     * cluster could not reach the others to claim the name; the client gets {@code ERR
     * cluster-unavailable} and may try again.
     */
    enum LoginResult { OK, NAME_TAKEN, ALREADY_LOGGED_IN, CLUSTER_UNAVAILABLE }

    /**
     * How a room request ended: done, or the {@code ERR} code it gets (each constant but
     * {@code OK} names one of {@code io.socketchat.protocol.ErrorCodes}).
     *
     * @since SPI 1.2
     */
    enum RoomResult {
        OK(null), INVALID_ROOM("invalid-room"), ALREADY_IN_ROOM("already-in-room"), NOT_IN_ROOM("not-in-room"),
        TOO_MANY_ROOMS("too-many-rooms"), ROOM_FULL("room-full"), HISTORY_UNAVAILABLE("history-unavailable"),
        /** {@code HISTORY @user} from a guest (SPI 1.3). */
        NOT_AUTHENTICATED("not-authenticated"),
        /** {@code HISTORY @user} with a name that breaks the name rules (SPI 1.3). */
        INVALID_USERNAME("invalid-username");

        private final String errorCode;

        RoomResult(String errorCode) {
            this.errorCode = errorCode;
        }

        /** The code after {@code ERR}; {@code null} for {@code OK}. */
        public String errorCode() {
            return errorCode;
        }
    }

    /**
     * Logs the session in under {@code name} (already validated by the caller) if no one
     * else holds it. On success {@code confirmation} is queued to the session before any
     * line addressed to the new user, so the client always reads it first.
     */
    LoginResult login(Session session, String name, String confirmation);

    /**
     * Queues a line to the logged-in user with this name (matched ignoring case).
     *
     * @return the user's name as it logged in (which may differ from {@code name} in case), or
     *         {@code null} when no such user is logged in
     */
    String deliverTo(String name, String line);

    /**
     * As {@link #deliverTo}, for callers that need no name back.
     *
     * @return false when no such user is logged in
     */
    default boolean sendTo(String name, String line) {
        return deliverTo(name, line) != null;
    }

    /** Queues a line to every logged-in user except {@code except} (may be {@code null}). */
    void broadcast(Session except, String line);

    /**
     * A lobby message: {@code MSG <sender> <text>} to every logged-in user but the sender,
     * then a {@link ChatEvent.LobbyMessage} to observers. The sender must be logged in.
     *
     * @since SPI 1.1
     */
    default void broadcastMessage(Session sender, String text) {
        broadcast(sender, Replies.message(sender.name(), text));
    }

    /**
     * A direct message: {@code DM <sender> <text>} to the logged-in user with this name
     * (matched ignoring case, the sender included), then a {@link ChatEvent.DirectMessage}
     * to observers. The sender must be logged in.
     *
     * @return the recipient's name as it logged in, or {@code null} when no such user is
     *         logged in (nothing was sent, observers are not told)
     * @since SPI 1.1
     */
    default String directMessage(Session sender, String name, String text) {
        return deliverTo(name, Replies.direct(sender.name(), text));
    }

    /** The names of the logged-in users as typed, sorted ignoring case. */
    List<String> userNames();

    /**
     * Whether the operator asked for message text in the log ({@code --log-text}). Off by
     * default: a handler that logs what people write logs its size instead.
     */
    default boolean logsMessageText() {
        return false;
    }

    // ---- rooms (SPI 1.2) ----
    // A room is "#" and a name (io.socketchat.protocol.RoomNames), matched ignoring case and
    // shown as first created. The defaults below serve a Chat of SPI 1.1, which has no rooms.

    /**
     * Puts the sender into a room, creating it if needed. On {@code OK} the member has been
     * sent, before any line of the room: {@code OK}; its {@code MEMBERS} lines and
     * {@code END MEMBERS}; the topic if one is set; and, when the server replays history on
     * join, the newest messages as {@code HIST} lines and {@code END HISTORY}. The other
     * members read {@code JOIN #room <name>}; observers get a {@link ChatEvent.RoomJoined}.
     * May block (the history is read from the store): call it from a virtual thread.
     *
     * @since SPI 1.2
     */
    default RoomResult joinRoom(Session member, String room) {
        throw new UnsupportedOperationException("rooms need SPI 1.2");
    }

    /**
     * Takes the sender out of a room; the other members read {@code PART #room <name>}. The
     * caller answers the sender. Never waits for the store (see the class comment on full queues).
     *
     * @since SPI 1.2
     */
    default RoomResult partRoom(Session member, String room) {
        throw new UnsupportedOperationException("rooms need SPI 1.2");
    }

    /**
     * A room message: {@code SAY #room <sender> <text>} to every other member, stored in the
     * history, then a {@link ChatEvent.RoomMessage} to observers. Never waits for the store
     * (it writes later); full queues as in the class comment.
     *
     * @since SPI 1.2
     */
    default RoomResult say(Session sender, String room, String text) {
        throw new UnsupportedOperationException("rooms need SPI 1.2");
    }

    /**
     * Sets a room's topic (kept across restarts); the other members read
     * {@code TOPIC #room <setter> <text>}. The caller answers the sender. Never waits for the store (see the class comment on full queues).
     *
     * @since SPI 1.2
     */
    default RoomResult setTopic(Session setter, String room, String text) {
        throw new UnsupportedOperationException("rooms need SPI 1.2");
    }

    /**
     * The rooms that have members, sorted by name ignoring case. Never blocks.
     *
     * @since SPI 1.2
     */
    default List<RoomInfo> rooms() {
        return List.of();
    }

    /**
     * A page of history: of a room the asker is in, of the lobby ({@code scope} {@code *}), or
     * (SPI 1.3) of the {@code DM}s between an authenticated asker and the account {@code @name}.
     * Up to {@code count} messages (cut to the server's page limit) with an id below
     * {@code beforeId} ({@link Long#MAX_VALUE} for the newest), oldest first. May block: call
     * it from a virtual thread.
     *
     * @since SPI 1.2
     */
    default RoomHistory history(Session asker, String scope, int count, long beforeId) {
        throw new UnsupportedOperationException("history needs SPI 1.2");
    }

    // ---- accounts (SPI 1.3) ----
    // A name may be an account: registered with a password (Argon2id), unique ignoring case.
    // The defaults below serve a Chat of SPI 1.2, which has no accounts: every name is a guest's.

    /**
     * How an account request ended: done, or the {@code ERR} code it gets (each constant but
     * {@code OK} names one of {@code io.socketchat.protocol.ErrorCodes}).
     *
     * @since SPI 1.3
     */
    enum AccountResult {
        OK(null), WEAK_PASSWORD("weak-password"), ALREADY_REGISTERED("already-registered"),
        BAD_CREDENTIALS("bad-credentials"), USERNAME_TAKEN("username-taken"), ALREADY_LOGGED_IN("already-logged-in"),
        TLS_REQUIRED("tls-required"), TOO_MANY_ATTEMPTS("too-many-attempts"), NOT_AUTHENTICATED("not-authenticated"),
        ACCOUNT_LOCKED("account-locked"), SERVER_BUSY("server-busy"), MAILBOX_FULL("mailbox-full"),
        USER_NOT_FOUND("user-not-found"), UNAVAILABLE("accounts-unavailable"),
        /** @since SPI 1.4 */
        CLUSTER_UNAVAILABLE("cluster-unavailable");

        private final String errorCode;

        AccountResult(String errorCode) {
            this.errorCode = errorCode;
        }

        /** The code after {@code ERR}; {@code null} for {@code OK}. */
        public String errorCode() {
            return errorCode;
        }
    }

    /**
     * Makes the name the logged-in guest {@code session} holds an account with this password
     * (10 to 256 characters). On {@code OK} the session is authenticated. Blocks while the
     * password is hashed: call it from a virtual thread.
     *
     * @since SPI 1.3
     */
    default AccountResult register(Session session, String password) {
        return AccountResult.UNAVAILABLE;
    }

    /**
     * Logs a session that has not logged in yet in as an account, if the password is right. On
     * {@code OK} the session is logged in and authenticated, {@code confirmation} was queued to it
     * first (as with {@link #login}), then the {@code DM}s kept for it: {@code INFO offline-messages
     * <n>} and {@code n} {@code DM <sender> <text>} lines, oldest first. A wrong password and an
     * unknown name both give {@code BAD_CREDENTIALS}, after the same work. Blocks while the
     * password is hashed: call it from a virtual thread.
     *
     * @since SPI 1.3
     */
    default AccountResult authenticate(Session session, String name, String password, String confirmation) {
        return AccountResult.UNAVAILABLE;
    }

    /**
     * Changes an authenticated session's password. Blocks while hashing.
     *
     * @since SPI 1.3
     */
    default AccountResult changePassword(Session session, String oldPassword, String newPassword) {
        return AccountResult.UNAVAILABLE;
    }

    /**
     * Deletes the account an authenticated session holds, if the password is right; the session
     * stays logged in under the same name, as a guest. Blocks while hashing.
     *
     * @since SPI 1.3
     */
    default AccountResult unregister(Session session, String password) {
        return AccountResult.UNAVAILABLE;
    }

    /**
     * The account's name as registered, for a name matched ignoring case, or {@code null} when the
     * name is no account. Never blocks.
     *
     * @since SPI 1.3
     */
    default String accountName(String name) {
        return null;
    }

    /**
     * Keeps a {@code DM} for an account that is not online, until its next {@code AUTH}: {@code
     * OK}, {@code MAILBOX_FULL} (it holds {@code --offline-max}), or {@code USER_NOT_FOUND} (the
     * name is no account). Call it when {@link #directMessage} found no one online. Never blocks.
     *
     * @since SPI 1.3
     */
    default AccountResult keepOffline(Session sender, String name, String text) {
        return AccountResult.USER_NOT_FOUND;
    }
}
