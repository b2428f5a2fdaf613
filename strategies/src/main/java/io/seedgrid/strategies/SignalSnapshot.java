package io.seedgrid.strategies;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SignalService#updateAndRead} found: the update it made and the stored signals asked for.
 *
 * @param update  the incremental computation (its {@code stored} signals are new)
 * @param signals the stored signals at or after the time asked for, with positions, in time order
 */
public record SignalSnapshot(SignalUpdate update, List<LiveSignal> signals) {
    public SignalSnapshot {
        Objects.requireNonNull(update, "update");
        signals = List.copyOf(signals);
    }
}
