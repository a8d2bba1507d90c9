package io.socketchat.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * Exact-enough latency percentiles: an HdrHistogram in microseconds with 3 significant digits.
 * One per reading thread (recording is not thread-safe); merged once at the end.
 */
final class Latency {

    private final Histogram histogram = new Histogram(3);

    Latency() {
        histogram.setAutoResize(true);
    }

    void recordNanos(long nanos) {
        histogram.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    void add(Latency other) {
        histogram.add(other.histogram);
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMillis(double percentile) {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return histogram.getMaxValue() / 1000.0;
    }

    void report(Report report, String prefix) {
        report.put(prefix + "P50Ms", percentileMillis(50))
                .put(prefix + "P99Ms", percentileMillis(99))
                .put(prefix + "MaxMs", maxMillis());
    }
}
