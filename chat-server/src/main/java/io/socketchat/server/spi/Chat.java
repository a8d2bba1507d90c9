package io.socketchat.server.spi;

import io.socketchat.protocol.Replies;

import java.util.List;

/**
 * The shared chat every handler acts on. All methods are thread-safe.
 *
 * <p>No method blocks. The methods that queue lines to other users ({@link #deliverTo}, {@link
 * #sendTo}, {@link #broadcast}, {@link #broadcastMessage}, {@link #directMessage}) queue even to
 * a recipient whose queue is full but still draining (up to twice its limit), and the input of
 * the client whose command sent the line then waits for room before its next line
 * (back-pressure, at most about 2 s, after which that recipient is cut off as slow). Called
 * from elsewhere (a thread of the handler's own) nothing is held back. None of them waits for
 * a {@link ChatObserver}: events are queued to observers, never handed over inline.
 *
 * <p>Chat lines come in two kinds. {@link #broadcastMessage} and {@link #directMessage} are
 * the chat itself: they write the protocol's {@code MSG}/{@code DM} lines and tell observers
 * ({@link ChatEvent}). {@link #broadcast} and {@link #deliverTo} queue any line a handler
 * formatted itself (a plugin's own notices) and tell no one.
 */
public interface Chat {

    /** How a login attempt ended. */
    enum LoginResult { OK, NAME_TAKEN, ALREADY_LOGGED_IN }

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
}
