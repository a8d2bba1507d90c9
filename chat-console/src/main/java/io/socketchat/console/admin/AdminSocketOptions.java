package io.socketchat.console.admin;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The server's admin socket flags, mixed into {@code chat-server}'s options. */
public final class AdminSocketOptions {

    @Option(names = "--admin-socket", paramLabel = "PATH",
            description = "Unix-domain socket for 'chat-server admin' (env CHAT_ADMIN_SOCKET; default"
                    + " $RUNTIME_DIRECTORY/admin.sock under systemd, else /run/socketchat/admin.sock if writable,"
                    + " else $XDG_RUNTIME_DIR/socketchat/admin.sock, else <tmpdir>/socketchat-<user>/admin.sock)."
                    + " Mode 0660 with group socketchat where that group exists, else 0600; removed at shutdown.")
    Path path;

    @Option(names = "--no-admin-socket", arity = "0..1", fallbackValue = "true", paramLabel = "true|false",
            description = "Do not open the admin socket (env CHAT_NO_ADMIN_SOCKET=true).")
    boolean disabled;

    boolean enabled() {
        return !disabled;
    }

    /** What the options ask for, to compare two starts: the path given, none, or "off". */
    public Object chosen() {
        return disabled ? "off" : path;
    }

    Path path() {
        return path != null ? path : AdminSocketFile.defaultPath(System::getenv, AdminSocketFile.SYSTEM_DIR);
    }

    /**
     * Fails when a live server already answers on the admin socket, so a second server started
     * by mistake stops before it binds any port.
     */
    public void requireFree() throws IOException {
        if (enabled()) {
            AdminSocketFile.refuseIfInUse(path().toAbsolutePath());
        }
    }
}
