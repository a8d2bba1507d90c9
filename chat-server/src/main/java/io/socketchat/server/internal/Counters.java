package io.socketchat.server.internal;

import io.socketchat.protocol.Utf8;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
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
    // What the chat did, for monitoring without chat events (no event, no observer thread, per message).
    final LongAdder logins = new LongAdder();
    final LongAdder lobbyMessages = new LongAdder();
    final LongAdder directMessages = new LongAdder();
    final LongAdder roomMessages = new LongAdder();
    final LongAdder deliveries = new LongAdder();
    final LongAdder deliveredTextBytes = new LongAdder();
    /** Logged-in sessions that left, by reason; a handful of keys. */
    private final Map<String, LongAdder> leaves = new ConcurrentHashMap<>();

    /** One message of {@code kind} queued to {@code recipients}. */
    void message(LongAdder kind, String text, int recipients) {
        kind.increment();
        if (recipients > 0) {
            deliveries.add(recipients);
            deliveredTextBytes.add((long) Utf8.encodedLength(text) * recipients);
        }
    }

    void left(String reason) {
        leaves.computeIfAbsent(reason == null ? "unknown" : reason, r -> new LongAdder()).increment();
    }

    /** Leaves by reason so far, sorted by reason. */
    Map<String, Long> leaves() {
        Map<String, Long> counts = new TreeMap<>();
        leaves.forEach((reason, count) -> counts.put(reason, count.sum()));
        return counts;
    }
}
