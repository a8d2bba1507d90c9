package io.socketchat.console;

import io.socketchat.server.ChatServer;

import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT and SIGTERM run the graceful shutdown, and the process then exits 0.
 *
 * <p>The hook is installed before the server starts, so a signal that arrives right after the
 * server begins listening (a service manager stopping it at once) still drains it and exits 0.
 */
final class Signals {

    private final AtomicReference<ChatServer> server = new AtomicReference<>();
    private volatile Runnable afterShutdown = () -> { };

    private Signals() {
    }

    static Signals install() {
        Signals signals = new Signals();
        Runtime.getRuntime().addShutdownHook(new Thread(signals::onExit, "chat-shutdown"));
        return signals;
    }

    /** From now on a signal shuts this server down gracefully. */
    void serving(ChatServer running) {
        server.set(running);
    }

    /** Runs after a signal's shutdown (removing the admin socket, restoring the terminal). */
    void afterShutdown(Runnable action) {
        afterShutdown = action;
    }

    private void onExit() {
        ChatServer running = server.get();
        if (running == null || running.isShutDown()) {
            return; // not started, or stopped from inside: the normal exit path owns the exit code
        }
        running.shutdown();
        afterShutdown.run();
        Logging.flush(); // bounded: a stdout nobody reads holds the exit up for maxFlushTime at most
        // A signal would otherwise end the JVM with 128+signal; a clean stop is exit 0.
        Runtime.getRuntime().halt(0);
    }
}
