package io.socketchat.server.internal;

import java.util.concurrent.atomic.LongAdder;

/** Server-wide counters; LongAdder keeps them off the contended path. */
final class Counters {
    final LongAdder connectionsAccepted = new LongAdder();
    final LongAdder linesIn = new LongAdder();
    final LongAdder linesOut = new LongAdder();
    final LongAdder slowDisconnects = new LongAdder();
    /** Connections the memory budget cut (counted in slowDisconnects too). */
    final LongAdder memoryCuts = new LongAdder();
    /** Times the broadcast recipients array was rebuilt from the user map. */
    final LongAdder recipientRebuilds = new LongAdder();
    /** Flood episodes begun (one per {@code [FLOOD]} line). */
    final LongAdder floodEpisodes = new LongAdder();
    /** Connections closed for not logging in in time. */
    final LongAdder loginTimeouts = new LongAdder();
}
