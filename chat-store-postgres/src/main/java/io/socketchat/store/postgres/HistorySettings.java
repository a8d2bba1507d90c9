package io.socketchat.store.postgres;

import java.time.Duration;

/**
 * How the PostgreSQL store keeps history (the same knobs as the SQLite store's).
 *
 * @param flush            the longest an accepted message waits before the writer sends it: what a
 *                         node's {@code kill -9} may lose at most
 * @param retention        how long messages are kept
 * @param maxPerScope      most messages kept per room, and for the lobby
 * @param retentionPeriod  how often retention looks for rows to delete
 */
public record HistorySettings(Duration flush, Duration retention, long maxPerScope, Duration retentionPeriod) {

    public static final Duration DEFAULT_FLUSH = Duration.ofMillis(200);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    public static final long DEFAULT_MAX_PER_SCOPE = 100_000;
    public static final Duration DEFAULT_RETENTION_PERIOD = Duration.ofMinutes(1);
    public static final HistorySettings DEFAULTS =
            new HistorySettings(DEFAULT_FLUSH, DEFAULT_RETENTION, DEFAULT_MAX_PER_SCOPE, DEFAULT_RETENTION_PERIOD);

    public HistorySettings {
        if (flush.isNegative()) {
            throw new IllegalArgumentException("flush must not be negative: " + flush);
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        if (maxPerScope < 1) {
            throw new IllegalArgumentException("maxPerScope must be at least 1: " + maxPerScope);
        }
        if (retentionPeriod.isNegative() || retentionPeriod.isZero()) {
            throw new IllegalArgumentException("retentionPeriod must be positive: " + retentionPeriod);
        }
    }

    public HistorySettings withFlush(Duration value) {
        return new HistorySettings(value, retention, maxPerScope, retentionPeriod);
    }

    public HistorySettings withRetention(Duration value, long maxPerScopeValue, Duration period) {
        return new HistorySettings(flush, value, maxPerScopeValue, period);
    }
}
