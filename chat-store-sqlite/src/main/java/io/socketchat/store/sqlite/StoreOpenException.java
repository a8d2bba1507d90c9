package io.socketchat.store.sqlite;

import java.nio.file.Path;

/** The store could not be opened at start; the message names the path and why. */
public final class StoreOpenException extends Exception {

    private final Path path;

    StoreOpenException(Path path, String problem, Throwable cause) {
        super("cannot open the history at " + path + ": " + problem, cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
