package io.socketchat.server.internal.accounts;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Failures per key within a sliding window, on an injected clock. */
class FailureThrottleTest {

    private final AtomicLong now = new AtomicLong();
    private final FailureThrottle throttle = new FailureThrottle(5, Duration.ofMinutes(5), now::get);

    @Test
    void fiveFailuresWithinTheWindowThrottleUntilTheOldestExpires() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("user:ann");
            now.addAndGet(Duration.ofSeconds(10).toNanos());
        }
        assertThat(throttle.isThrottled("user:ann")).isFalse();
        throttle.failed("user:ann");
        assertThat(throttle.isThrottled("user:ann")).isTrue();
        assertThat(throttle.isThrottled("user:bob")).isFalse();
        now.addAndGet(Duration.ofMinutes(5).minusSeconds(40).toNanos() - 1);
        assertThat(throttle.isThrottled("user:ann")).isTrue();
        now.addAndGet(1); // the first failure is 5 minutes old
        assertThat(throttle.isThrottled("user:ann")).isFalse();
    }

    @Test
    void aSuccessForgetsTheFailuresAndOldKeysArePruned() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("user:ann");
        }
        throttle.succeeded("user:ann");
        assertThat(throttle.isThrottled("user:ann")).isFalse();
        for (int i = 0; i <= FailureThrottle.PRUNE_AT; i++) {
            throttle.failed("address:" + i);
        }
        now.addAndGet(Duration.ofMinutes(6).toNanos());
        throttle.failed("address:new");
        assertThat(throttle.keys()).isEqualTo(1);
    }

    @Test
    void pastTheKeyCapNewKeysAreNotTracked() {
        for (int i = 0; i < FailureThrottle.MAX_KEYS + 10; i++) {
            throttle.failed("address:" + i);
        }
        assertThat(throttle.keys()).isEqualTo(FailureThrottle.MAX_KEYS);
        now.addAndGet(Duration.ofMinutes(6).toNanos()); // all expired: the next failure prunes them
        throttle.failed("address:later");
        assertThat(throttle.keys()).isEqualTo(1);
    }
}
