package io.socketchat.server.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate is pure arithmetic over a clock value, so these tests drive time by hand. */
class FloodGateTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long START = 1_000 * SECOND;

    @Test
    void aBurstPassesThenLinesAreSpacedAtTheRate() {
        FloodGate gate = new FloodGate(10, 4);

        for (int i = 0; i < 4; i++) {
            assertThat(gate.admit(START)).as("line %d of the burst", i).isZero();
        }
        assertThat(gate.admit(START)).isEqualTo(SECOND / 10);
        assertThat(gate.admit(START)).isEqualTo(2 * SECOND / 10);
        assertThat(gate.inEpisode()).isTrue();
    }

    @Test
    void aReaderThatWaitsAsToldIsThenAdmittedAtExactlyTheRate() {
        FloodGate gate = new FloodGate(10, 2);
        long now = START;
        gate.admit(now);
        gate.admit(now);
        long handled = 0;
        for (int i = 0; i < 50; i++) {
            now += gate.admit(now); // the reader pauses that long, then handles the line
            handled++;
        }
        assertThat(handled).isEqualTo(50);
        assertThat(now - START).isEqualTo(50 * SECOND / 10);
    }

    @Test
    void anEpisodeIsCountedOnceAndEndsWhenTheBucketIsFullAgain() {
        FloodGate gate = new FloodGate(10, 2);
        long now = START;
        for (int i = 0; i < 20; i++) {
            now += gate.admit(now);
        }
        assertThat(gate.episodes()).isEqualTo(1);

        now += 10 * SECOND; // quiet long enough to refill
        assertThat(gate.admit(now)).isZero();
        assertThat(gate.inEpisode()).isFalse();

        for (int i = 0; i < 5; i++) {
            now += gate.admit(now);
        }
        assertThat(gate.episodes()).isEqualTo(2);
    }

    @Test
    void aClientWithinTheRateNeverWaits() {
        FloodGate gate = new FloodGate(10, 1);
        long now = START;
        for (int i = 0; i < 100; i++) {
            assertThat(gate.admit(now)).isZero();
            now += SECOND / 10;
        }
        assertThat(gate.episodes()).isZero();
    }
}
