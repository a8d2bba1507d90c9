package io.socketchat.server.internal;

import io.socketchat.protocol.Replies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The stages of a graceful shutdown, once the listeners are closed: every client is told
 * {@code INFO server shutting down} after what is queued for it, queues get the grace to
 * drain, a queue that could not drain is cut short so the notice still goes out before its
 * EOF, and what is left is closed. It takes the grace plus at most about 1.3 s.
 */
public final class GracefulShutdown {

    private static final Logger log = LoggerFactory.getLogger("io.socketchat.server");
    /**
     * When the grace ran out: how long the sessions whose queues were cut short get to write
     * the notice that now leads them.
     */
    private static final long PREEMPT_NANOS = TimeUnit.MILLISECONDS.toNanos(1_000);
    /** After the forced closes: how long their sessions get to finish leaving. */
    private static final long FORCED_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final Hub hub;
    private final Duration grace;

    public GracefulShutdown(Hub hub, Duration grace) {
        this.hub = hub;
        this.grace = grace;
    }

    /** Runs every stage; the caller has stopped accepting. */
    public void run() throws InterruptedException {
        log.info("[SHUTDOWN] stage=begin connections={}", hub.connections().size());
        long graceNanos = grace.toNanos();
        long deadline = System.nanoTime() + graceNanos;
        for (ClientSession session : hub.connections()) {
            session.disconnect("shutdown", Replies.SHUTTING_DOWN, graceNanos + PREEMPT_NANOS);
        }
        boolean drained = hub.awaitNoConnections(deadline);
        if (!drained) {
            preemptUndrained();
        }
        int forced = hub.connections().size();
        for (ClientSession session : hub.connections()) {
            session.abort("shutdown");
        }
        hub.awaitNoConnections(System.nanoTime() + FORCED_NANOS);
        log.info("[SHUTDOWN] stage=done drained={} forced={}", drained, forced);
    }

    /**
     * The grace is over and some queues still hold data: what waits in them is dropped so
     * that the notice is the next line each of those clients reads before its EOF.
     */
    private void preemptUndrained() throws InterruptedException {
        int sessions = 0;
        long dropped = 0;
        for (ClientSession session : hub.connections()) {
            if (!session.isOutputDrained()) {
                dropped += session.preemptWith(Replies.SHUTTING_DOWN);
                sessions++;
            }
        }
        if (sessions > 0) {
            log.warn("[SHUTDOWN] stage=preempt sessions={} dropped-bytes={} reason=grace-over", sessions, dropped);
            hub.awaitNoConnections(System.nanoTime() + PREEMPT_NANOS);
        }
    }
}
