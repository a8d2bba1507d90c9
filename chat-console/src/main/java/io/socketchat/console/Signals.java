package io.socketchat.console;

import io.socketchat.server.ChatServer;
import sun.misc.Signal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * SIGINT and SIGTERM run the graceful shutdown, and the process then exits 0. SIGHUP reloads
 * the settings ({@link Reloader}) once the server runs (one that arrives while it starts is
 * applied as soon as it runs: the file may have changed after the process read it), unless the
 * operator prompt runs at a terminal: there a hangup means the terminal is gone, and it stops
 * the server as SIGTERM does.
 *
 * <p>The hook is installed before the server starts, so a signal that arrives right after the
 * server begins listening (a service manager stopping it at once) still drains it and exits 0.
 *
 * <p>The exit is bounded: whatever holds the shutdown up (a stuck terminal, a full heap), the
 * process halts {@link #OVERRUN_MARGIN} after the shutdown grace, with exit code 1 and one
 * line on stderr, so a service manager never waits for a process that cannot end.
 */
final class Signals {

    /** Beyond the shutdown grace; the server's own stages end well within it. */
    static final Duration OVERRUN_MARGIN = Duration.ofMillis(1_900);

    private final AtomicReference<ChatServer> server = new AtomicReference<>();
    private volatile Runnable afterShutdown = () -> { };
    /** What SIGHUP does; {@code null} until the server runs. */
    private Runnable onHangup;
    /** A SIGHUP came before {@link #onHangup} was set. */
    private boolean hangupPending;

    private Signals() {
    }

    static Signals install() {
        Signals signals = new Signals();
        Runtime.getRuntime().addShutdownHook(new Thread(signals::onExit, "chat-shutdown"));
        // Without a handler the JVM treats SIGHUP as SIGTERM; a service manager sends it to reload.
        try {
            Signal.handle(new Signal("HUP"), signal -> signals.hungUp());
        } catch (IllegalArgumentException e) {
            // SIGHUP is taken (-Xrs) or ignored (nohup): then there is no reload by signal
        }
        return signals;
    }

    /** A graceful stop through the shutdown hook, exit 0: what SIGHUP did before it meant reload. */
    static void stopOnHangup() {
        Thread.ofPlatform().name("chat-hangup").start(() -> System.exit(0));
    }

    private void hungUp() {
        Runnable action;
        synchronized (this) {
            action = onHangup;
            hangupPending = action == null;
        }
        if (action != null) {
            action.run();
        }
    }

    /** What SIGHUP does from now on; a SIGHUP that came while the server started runs it now. */
    void onHangup(Runnable action) {
        boolean pending;
        synchronized (this) {
            onHangup = action;
            pending = hangupPending;
            hangupPending = false;
        }
        if (pending) {
            action.run();
        }
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
        haltAfter(running.config().shutdownGrace().plus(OVERRUN_MARGIN));
        running.shutdown();
        afterShutdown.run();
        Logging.flush(); // bounded: a stdout nobody reads holds the exit up for maxFlushTime at most
        // A signal would otherwise end the JVM with 128+signal; a clean stop is exit 0.
        Runtime.getRuntime().halt(0);
    }

    private static void haltAfter(Duration limit) {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(limit);
            } catch (InterruptedException e) {
                return;
            }
            // stderr may be a pipe nobody reads: the line is tried on a thread of its own.
            Thread say = new Thread(() -> System.err.println(
                    "chat-server: [SHUTDOWN] stage=overrun limit=" + limit.toMillis() + "ms: halting"));
            say.setDaemon(true);
            say.start();
            try {
                say.join(Duration.ofMillis(100));
            } catch (InterruptedException ignored) {
                // halting anyway
            }
            Runtime.getRuntime().halt(1);
        }, "chat-shutdown-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }
}
