package io.socketchat.server.internal;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MemoryBudgetTest {

    private static final int GRAIN = MemoryBudget.GRAIN;

    @Test
    void holdersAreChargedByTheGrainSoSmallQueuesNeverTouchTheTotal() {
        MemoryBudget budget = new MemoryBudget(1 << 30);
        budget.changed(0, GRAIN - 1);
        assertThat(budget.chargedBytes()).isZero();
        budget.changed(GRAIN - 1, 3 * GRAIN + 5);
        assertThat(budget.chargedBytes()).isEqualTo(3L * GRAIN);
        budget.changed(3 * GRAIN + 5, GRAIN);
        assertThat(budget.chargedBytes()).isEqualTo(GRAIN);
        budget.changed(GRAIN, 0);
        assertThat(budget.chargedBytes()).isZero();
    }

    @Test
    void overTheLimitTheEnforcerIsAskedForTheExcessAndATenthMore() {
        MemoryBudget budget = new MemoryBudget(100L * GRAIN);
        AtomicLong asked = new AtomicLong();
        budget.enforceWith(excess -> {
            asked.set(excess);
            budget.changed(120L * GRAIN, 0); // the cut frees what the holder had
        });
        budget.changed(0, 120L * GRAIN);
        await().until(() -> asked.get() > 0);
        assertThat(asked.get()).isEqualTo(20L * GRAIN + 10L * GRAIN);
        await().until(() -> budget.chargedBytes() == 0);
    }

    @Test
    void anEnforcerThatFreesNothingIsAskedAFewTimesThenLeftUntilTheNextGrowth() {
        MemoryBudget budget = new MemoryBudget(10L * GRAIN);
        AtomicLong calls = new AtomicLong();
        budget.enforceWith(excess -> calls.incrementAndGet());
        budget.changed(0, 20L * GRAIN);
        await().until(() -> calls.get() >= 8);
        long after = calls.get();
        assertThat(after).isLessThanOrEqualTo(16); // bounded rounds, no spin
    }
}
