package io.seedgrid.runs;

import io.seedgrid.storage.RunLease;
import io.seedgrid.storage.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How run leases are kept: a coordinator beats every {@code beatEvery}; a lease not beaten for {@code expiresAfter}
 * belongs to a coordinator that is gone. So "running" means running: a RUNNING run whose lease is not
 * {@link #held held} has no one working on it.
 *
 * @param beatEvery    time between beats (> 0)
 * @param expiresAfter time without a beat after which a lease is stale (at least twice {@code beatEvery})
 */
public record LeaseTerms(Duration beatEvery, Duration expiresAfter) {

    /** Beats every 5 s, stale after 30 s. */
    public static final LeaseTerms DEFAULT = new LeaseTerms(Duration.ofSeconds(5), Duration.ofSeconds(30));

    public LeaseTerms {
        Objects.requireNonNull(beatEvery, "beatEvery");
        Objects.requireNonNull(expiresAfter, "expiresAfter");
        if (beatEvery.isNegative() || beatEvery.isZero()) {
            throw new IllegalArgumentException("beatEvery must be > 0 but was " + beatEvery);
        }
        if (expiresAfter.compareTo(beatEvery.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "expiresAfter must be at least twice beatEvery (" + beatEvery + ") but was " + expiresAfter);
        }
    }

    /**
     * Whether a coordinator still holds {@code run} at {@code now}: it has a lease, beaten within
     * {@link #expiresAfter}, and its owner is not a process of this machine known to have ended.
     */
    public boolean held(RunRecord run, Instant now) {
        return why(run, now).isEmpty();
    }

    /** Why no one holds {@code run} at {@code now}, or empty when its coordinator does. */
    public Optional<String> why(RunRecord run, Instant now) {
        if (run.lease().isEmpty()) {
            return Optional.of("it has no lease (recorded before leases existed)");
        }
        RunLease lease = run.lease().get();
        if (lease.beatAt().equals(Instant.EPOCH)) {
            return Optional.of("its coordinator " + lease.owner() + " gave it up");
        }
        Duration silent = Duration.between(lease.beatAt(), now);
        if (silent.compareTo(expiresAfter) > 0) {
            return Optional.of("its coordinator " + lease.owner() + " last beat " + silent.toSeconds() + " s ago");
        }
        if (Coordinator.parse(lease.owner()).map(Coordinator::knownGone).orElse(false)) {
            return Optional.of("the process of its coordinator " + lease.owner() + " has ended");
        }
        return Optional.empty();
    }
}
