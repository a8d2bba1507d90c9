package io.socketchat.console;

import io.socketchat.server.ChatServer;

/** SIGINT and SIGTERM run the graceful shutdown, and the process then exits 0. */
final class Signals {

    private Signals() {
    }

    static void shutDownGracefullyOnExit(ChatServer server) {
        shutDownGracefullyOnExit(server, () -> { });
    }

    /** As above, then runs {@code afterShutdown} (removing the admin socket, restoring the terminal). */
    static void shutDownGracefullyOnExit(ChatServer server, Runnable afterShutdown) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server.isShutDown()) {
                return; // stopped from inside; the normal exit path owns the exit code
            }
            server.shutdown();
            afterShutdown.run();
            Logging.flush();
            // A signal would otherwise end the JVM with 128+signal; a clean stop is exit 0.
            Runtime.getRuntime().halt(0);
        }, "chat-shutdown"));
    }
}
