package io.seedgrid.storage;

import java.time.Instant;

/**
 * Who coordinates a run and when it last said so. A coordinator beats ({@link RunStore#beatRun}) while it holds the
 * run; a lease whose last beat is old belongs to a coordinator that is gone. Taking a run over
 * ({@link RunStore#takeOverRun}) is a compare-and-set on the epoch, so two coordinators never both hold one run.
 *
 * @param owner  the coordinator, 1 to 200 printable characters (e.g. process, host and a nonce)
 * @param epoch  which lease of the run this is: 1 for the first, one more for every take-over
 * @param beatAt the last beat (stored to the millisecond); {@link Instant#EPOCH} for a lease given up
 */
public record RunLease(String owner, long epoch, Instant beatAt) {

    public RunLease {
        Checks.id("lease owner", owner);
        if (epoch < 1) {
            throw new IllegalArgumentException("lease epoch must be >= 1 but was " + epoch);
        }
        beatAt = Checks.millis("beatAt", beatAt);
    }

    /** The first lease of a run, beating at {@code at}. */
    public static RunLease first(String owner, Instant at) {
        return new RunLease(owner, 1, at);
    }

    /** The lease that takes over from this one: {@code owner}, the next epoch, beating at {@code at}. */
    public RunLease next(String newOwner, Instant at) {
        return new RunLease(newOwner, epoch + 1, at);
    }

    /** This lease with its last beat at {@code at}. */
    public RunLease beatenAt(Instant at) {
        return new RunLease(owner, epoch, at);
    }
}
