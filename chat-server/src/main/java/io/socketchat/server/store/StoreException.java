package io.socketchat.server.store;

/** The store could not do what was asked (its database failed); the chat goes on without it. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
