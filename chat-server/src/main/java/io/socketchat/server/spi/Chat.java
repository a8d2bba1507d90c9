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
     * @return false when no such user is logged in
     */
    boolean sendTo(String name, String line);

    /** Queues a line to every logged-in user except {@code except} (may be {@code null}). */
    void broadcast(Session except, String line);

    /** The names of the logged-in users as typed, sorted ignoring case. */
    List<String> userNames();
}
