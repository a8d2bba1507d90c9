package io.socketchat.store.postgres;

import java.util.function.LongSupplier;

/**
 * Message ids made by the node itself, so that {@code append} never waits for the database, yet
 * unique across the nodes that share it and increasing across restarts: a hybrid logical clock.
 * An id is {@code tick << 22 | slot << 12 | counter}: the tick is milliseconds since 2020 (never
 * going back, and moved past every id the database already held at open), the slot is the
 * node's number from the database's sequence at open (10 bits), the counter counts within one
 * tick (12 bits; past 4,096 in one millisecond the tick moves on by itself).
 *
 * <p>So one node's ids increase in the order it accepted messages, two nodes never make the same
 * id (while fewer than 1,024 stores have opened since the older one), and ids of different
 * nodes are ordered by the time they were accepted, within the nodes' clock difference.
 *
 * <p>Not thread-safe: the store calls it under its lock.
 */
final class MessageIds {

    static final long EPOCH_MILLIS = 1_577_836_800_000L; // 2020-01-01T00:00:00Z
    static final int SLOT_BITS = 10;
    static final int COUNTER_BITS = 12;
    static final int SLOTS = 1 << SLOT_BITS;
    private static final long COUNTER_LIMIT = 1L << COUNTER_BITS;

    private final long slot;
    private final LongSupplier clock;
    private long tick;
    private long counter;

    /**
     * @param slot      this node's number, 0 to 1,023
     * @param floorId   the largest id known to the database (every id made here is above it)
     * @param clock     milliseconds since the Unix epoch
     */
    MessageIds(long slot, long floorId, LongSupplier clock) {
        if (slot < 0 || slot >= SLOTS) {
            throw new IllegalArgumentException("slot out of range: " + slot);
        }
        this.slot = slot;
        this.clock = clock;
        this.tick = floorId >>> (SLOT_BITS + COUNTER_BITS);
        this.counter = COUNTER_LIMIT - 1; // the floor's own tick is used up: the next id is past it
    }

    long next() {
        long now = clock.getAsLong() - EPOCH_MILLIS;
        if (now > tick) {
            tick = now;
            counter = 0;
        } else if (++counter == COUNTER_LIMIT) {
            tick++;
            counter = 0;
        }
        return tick << (SLOT_BITS + COUNTER_BITS) | slot << COUNTER_BITS | counter;
    }

    /** The newest id made so far (or the floor's tick, before any). */
    long last() {
        return tick << (SLOT_BITS + COUNTER_BITS) | slot << COUNTER_BITS | counter;
    }
}
