package io.socketchat.server;

import java.nio.file.Path;

/**
 * A TLS certificate or key that cannot be used: missing, unreadable, not PEM or PKCS#12, a key
 * that does not match its certificate. The message names the file: {@code cannot read TLS key
 * /etc/chat/privkey.pem: ...}. At start the server does not start; at a reload the old
 * certificate stays.
 */
public final class TlsFileException extends IllegalStateException {

    private final transient Path file;

    public TlsFileException(String what, Path file, String problem, Throwable cause) {
        super("cannot read TLS " + what + " " + file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
