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
     * Calls {@code commitNanos} after each commit with the time it took, on the writer's thread:
     * it must be quick and must not block. One listener; a second replaces the first.
     */
    void onCommit(LongConsumer commitNanos);
}
