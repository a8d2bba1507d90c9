package io.socketchat.server.store;

import java.util.function.LongConsumer;

/**
 * What a store with a batching writer reports for monitoring. A {@link MessageStore} may
 * implement it; the HTTP port's metrics read it.
 */
public interface WriterStats {

    /** Messages accepted and not yet through the writer. */
    int queued();

    /** Messages accepted but lost (failed commits, a full queue). */
    long lost();

    /**
     * Whether the writer's last commit failed and it has not recovered since: the database cannot
     * be reached (or written). {@code /readyz} answers 503 while it is.
     *
     * @since SPI 1.4
     */
    default boolean failing() {
        return false;
    }

    /**
     * Calls {@code commitNanos} after each commit with the time it took, on the writer's thread:
     * it must be quick and must not block. One listener; a second replaces the first.
     */
    void onCommit(LongConsumer commitNanos);
}
