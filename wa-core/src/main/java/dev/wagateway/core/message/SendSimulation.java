package dev.wagateway.core.message;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a send looks like to the recipient (api.md §4.7, decision 12): going online, "typing…" for a random moment,
 * then paused and offline again — as a person's phone would show it. Each part has a switch
 * ({@code WHATSAPP_AUTO_PRESENCE_ENABLED}, {@code WHATSAPP_AUTO_TYPING_ENABLED}) and a request may override both.
 *
 * @param typingDelayMin shortest "typing" time
 * @param typingDelayMax longest; raised to the minimum when smaller
 */
public record SendSimulation(boolean presence, boolean typing, Duration typingDelayMin, Duration typingDelayMax) {

    /** Checks presence and orders the bounds. */
    public SendSimulation {
        Objects.requireNonNull(typingDelayMin, "typingDelayMin");
        Objects.requireNonNull(typingDelayMax, "typingDelayMax");
        if (typingDelayMax.compareTo(typingDelayMin) < 0) {
            typingDelayMax = typingDelayMin;
        }
    }

    /** No simulation at all (benchmarks, embedding applications that do their own). */
    public static SendSimulation off() {
        return new SendSimulation(false, false, Duration.ZERO, Duration.ZERO);
    }

    /** A random "typing" time between the bounds. */
    Duration typingDelay(RandomGenerator random) {
        long min = typingDelayMin.toMillis();
        long max = typingDelayMax.toMillis();
        return Duration.ofMillis(max > min ? random.nextLong(min, max + 1) : min);
    }
}
