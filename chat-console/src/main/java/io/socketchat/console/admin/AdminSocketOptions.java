package io.socketchat.console.admin;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The server's admin socket flags, mixed into {@code chat-server}'s options. */
public final class AdminSocketOptions {

    @Option(names = "--admin-socket", paramLabel = "PATH",
            description = "Unix-domain socket for 'chat-server admin' (env CHAT_ADMIN_SOCKET; default"
                    + " $XDG_RUNTIME_DIR/socketchat-<port>.sock, else <tmpdir>/socketchat-<user>/socketchat-<port>.sock)."
                    + " Created owner-only (0600), removed at shutdown.")
    Path path;

    @Option(names = "--no-admin-socket",
            description = "Do not open the admin socket (env CHAT_NO_ADMIN_SOCKET=true).")
    boolean disabled;

    boolean enabled() {
        return !disabled;
    }

    Path pathFor(int port) {
        return path != null ? path : AdminSocketFile.defaultPath(port, System::getenv);
    }
}
