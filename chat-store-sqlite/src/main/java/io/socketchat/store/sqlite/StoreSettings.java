package io.socketchat.store.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the SQLite store keeps history.
 *
 * @param dataDirectory    where the database file lives (created if missing)
 * @param flush            the longest an accepted message waits before it is committed: what a
 *                         {@code kill -9} may lose at most (default 200 ms)
 * @param retention        how long messages are kept (default 30 days)
 * @param maxPerScope      most messages kept per room, and for the lobby (default 100,000)
 * @param retentionPeriod  how often retention looks for rows to delete (default 1 minute)
 */
public record StoreSettings(Path dataDirectory, Duration flush, Duration retention, long maxPerScope,
                            Duration retentionPeriod) {

    public static final String DATABASE_FILE = "socketchat.db";
    public static final int DEFAULT_FLUSH_MILLIS = 200;
    public static final Duration DEFAULT_FLUSH = Duration.ofMillis(DEFAULT_FLUSH_MILLIS);
    public static final int DEFAULT_RETENTION_DAYS = 30;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(DEFAULT_RETENTION_DAYS);
    public static final long DEFAULT_MAX_PER_SCOPE = 100_000;
    public static final Duration DEFAULT_RETENTION_PERIOD = Duration.ofMinutes(1);

    public StoreSettings {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
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

    /** The defaults, in {@code dataDirectory}. */
    public static StoreSettings in(Path dataDirectory) {
        return new StoreSettings(dataDirectory, DEFAULT_FLUSH, DEFAULT_RETENTION, DEFAULT_MAX_PER_SCOPE,
                DEFAULT_RETENTION_PERIOD);
    }

    public StoreSettings withFlush(Duration value) {
        return new StoreSettings(dataDirectory, value, retention, maxPerScope, retentionPeriod);
    }

    public StoreSettings withRetention(Duration value, long maxPerScopeValue, Duration period) {
        return new StoreSettings(dataDirectory, flush, value, maxPerScopeValue, period);
    }

    public Path databaseFile() {
        return dataDirectory.resolve(DATABASE_FILE);
    }
}
