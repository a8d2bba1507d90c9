package io.socketchat.console;

import io.socketchat.server.ChatServer;

/** SIGINT and SIGTERM run the graceful shutdown, and the process then exits 0. */
final class Signals {

    private Signals() {
    }

    static void shutDownGracefullyOnExit(ChatServer server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (server.isShutDown()) {
                return; // stopped from inside; the normal exit path owns the exit code
            }
            server.shutdown();
            Logging.flush();
            // A signal would otherwise end the JVM with 128+signal; a clean stop is exit 0.
            Runtime.getRuntime().halt(0);
        }, "chat-shutdown"));
    }
}
