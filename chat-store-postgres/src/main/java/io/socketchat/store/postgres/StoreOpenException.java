package io.socketchat.store.postgres;

import java.io.Serial;

/** The database could not be reached or used at start; the message names it (without the password) and why. */
public final class StoreOpenException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;
    private final transient PostgresUrl url;

    StoreOpenException(PostgresUrl url, String problem, Throwable cause) {
        super("cannot open the history at " + url + ": " + problem, cause);
        this.url = url;
    }

    public PostgresUrl url() {
        return url;
    }
}
