package io.socketchat.server.spi;

import java.util.List;

/** The shared chat every handler acts on. All methods are thread-safe and never block. */
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
