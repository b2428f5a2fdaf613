package io.seedgrid.runs;

import java.util.Objects;
import java.util.Optional;

/**
 * What a run does with its best accepted strategy when it completes: register it (under {@code name}, or the
 * registry's default name for its symbol and timeframe), or not. Kept with the run, so a resumed run does what the
 * original would have.
 *
 * @param register whether the best accepted strategy is registered
 * @param name     the name to register it under; empty for the default
 * @param trigger  why the run was started, for a re-evolution (schedule, drift, decay, ...): the lineage of what it
 *                 registers
 * @param parent   the version a re-evolution succeeds, if any
 */
public record SavePlan(boolean register, Optional<String> name, Optional<String> trigger, Optional<String> parent) {

    /** Register under the default name. */
    public static final SavePlan DEFAULT = new SavePlan(true, Optional.empty());
    /** Register nothing (--no-save, or {@code save_best: false}). */
    public static final SavePlan NONE = new SavePlan(false, Optional.empty());

    public SavePlan {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(parent, "parent");
        name.ifPresent(n -> {
            if (n.isBlank()) {
                throw new IllegalArgumentException("a strategy name must not be blank");
            }
        });
    }

    public SavePlan(boolean register, Optional<String> name) {
        this(register, name, Optional.empty(), Optional.empty());
    }

    /** A re-evolution of {@code name}: register under it, started by {@code trigger}, succeeding {@code parent}. */
    public static SavePlan reevolution(String name, String trigger, Optional<String> parent) {
        return new SavePlan(true, Optional.of(name), Optional.of(trigger), parent);
    }

    /** Register under {@code name}, or the default name when it is null. */
    public static SavePlan named(String name) {
        return new SavePlan(true, Optional.ofNullable(name));
    }
}
