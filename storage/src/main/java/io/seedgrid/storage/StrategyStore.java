package io.seedgrid.storage;

import java.util.List;
import java.util.Optional;

/**
 * The strategy registry: immutable strategy versions and each version's append-only lifecycle log. The rules of
 * {@link Store} apply.
 */
public interface StrategyStore {

    /**
     * Registers a strategy version together with the first entry of its log ({@code created}: seq 1, CREATED, for
     * the same id), all or nothing. Never replaces anything: when the id, or the (name, version) pair, is taken
     * already, nothing is written and the answer is false, so concurrent registrations of one version cannot both
     * win.
     *
     * @return true when it was created, false when the id or the name and version were taken
     */
    boolean createStrategy(StrategyVersionRecord strategy, StrategyEventRecord created);

    /** The strategy version with this id, if registered. */
    Optional<StrategyVersionRecord> findStrategy(String strategyId);

    /** Every registered strategy version, ordered by name (code point order), then creation time, then id. */
    List<StrategyVersionRecord> listStrategies();

    /**
     * Appends an entry to a strategy's log: a compare-and-set on the log's length. The entry's seq must be the next
     * one (last + 1); when another writer appended that seq first, nothing is written and the answer is false (read
     * the log again and decide again).
     *
     * @return true when appended, false when the seq was taken meanwhile
     * @throws StorageException         when no strategy has this id
     * @throws IllegalArgumentException when the seq would leave a gap
     */
    boolean appendStrategyEvent(StrategyEventRecord event);

    /** A strategy's log in seq order; empty for an unknown strategy. */
    List<StrategyEventRecord> strategyEvents(String strategyId);

    /** Every strategy's log at once (one round trip, for listings): by strategy id (code point order), then seq. */
    List<StrategyEventRecord> allStrategyEvents();
}
