package io.socketchat.protocol;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs a property against many generated inputs. Each try gets its own {@link Random} from a
 * seed; a failure names that seed, and {@code -Dproperties.seed=N} replays the run that found it.
 */
final class Properties {

    private static final long BASE_SEED = Long.getLong("properties.seed", System.nanoTime());

    private Properties() {
    }

    static void check(int tries, Consumer<Random> property) {
        for (int i = 0; i < tries; i++) {
            long seed = BASE_SEED + i;
            try {
                property.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("property failed on try " + i + " (seed " + seed
                        + "; replay with -Dproperties.seed=" + BASE_SEED + "): " + e.getMessage(), e);
            }
        }
    }
}
