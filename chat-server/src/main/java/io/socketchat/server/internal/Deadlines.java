package io.socketchat.server.internal;

import io.socketchat.protocol.ErrorCodes;
import io.socketchat.protocol.Replies;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The timer thread ({@code chat-timer}): every {@value #TICK_MILLIS} ms it ends the
 * connections past their login deadline or idle timeout, cuts those whose client did not
 * close within the linger time after their last line, and sums up leaves past the notice
 * rate. The idle and login timeouts can change while it runs; every session follows at the next tick.
 */
public final class Deadlines implements AutoCloseable {

    /** How long a closing session waits for its client to close before the socket is cut. */
    public static final Duration LINGER = Duration.ofSeconds(2);
    static final long TICK_MILLIS = 100;

    private final Hub hub;
    private final ScheduledExecutorService timer;
    private volatile Duration loginTimeout;
    private volatile Duration idleTimeout;

    public Deadlines(Hub hub, Duration loginTimeout, Duration idleTimeout) {
        this.hub = hub;
        this.loginTimeout = loginTimeout;
        this.idleTimeout = idleTimeout;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chat-timer");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    public void idleTimeout(Duration timeout) {
        idleTimeout = timeout;
    }

    public Duration loginTimeout() {
        return loginTimeout;
    }

    public void loginTimeout(Duration timeout) {
        loginTimeout = timeout;
    }

    private void tick() {
        long now = System.nanoTime();
        hub.tick(now);
        long idleNanos = idleTimeout.toNanos();
        long loginNanos = loginTimeout.toNanos();
        long lingerNanos = LINGER.toNanos();
        for (ClientSession session : hub.connections()) {
            if (session.isOpen()) {
                if (!session.isLoggedIn() && now - session.connectedAtNanos() >= loginNanos) {
                    hub.counters().loginTimeouts.increment();
                    session.disconnect("login-timeout", Replies.error(ErrorCodes.LOGIN_TIMEOUT), lingerNanos);
                } else if (now - session.lastActivityNanos() >= idleNanos) {
                    session.disconnect("idle", Replies.IDLE_DISCONNECT, lingerNanos);
                }
            } else if (now - session.closeDeadlineNanos() > 0) {
                session.closeTransport();
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
