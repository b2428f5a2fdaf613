package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything seedgrid keeps: market bars, evolution runs (with generations and top strategies), strategy signals,
 * validation reports and the strategy registry (versions and their lifecycle logs). Open one with {@link Stores#open(StorageConfig)}; every backend gives the same answers.
 *
 * <p>Rules common to all methods:
 * <ul>
 *   <li>Times are stored to the millisecond; records truncate their instants so what goes in comes back equal.</li>
 *   <li>Symbols and ids are stored verbatim, whatever characters they contain (quotes, semicolons, slashes, ...).</li>
 *   <li>Every write is all-or-nothing: one database transaction, or one atomically published file.</li>
 *   <li>Failures of the storage itself (unreachable database, unreadable or unwritable files, unknown run) throw
 *       {@link StorageException} with a one-line message; bad arguments throw {@link IllegalArgumentException};
 *       using a closed store throws {@link IllegalStateException}.</li>
 *   <li>A store is safe to use from several threads (calls may be serialised).</li>
 * </ul>
 */
public interface Store extends AutoCloseable {

    /** The backend's name: "local", "shared" or "postgres". */
    String backend();

    /** Where the data lives, safe to print: the DuckDB file, the shared directory or the URL without password. */
    String location();

    // ---------------------------------------------------------------- bars

    /**
     * Upserts {@code bars} by (symbol, timeframe, end time): new bars are added, stored bars with the same end time
     * are replaced. All or nothing. Writing the same bars again changes nothing.
     *
     * @return how many bars were new or had different values (0 when everything was already stored as given)
     */
    int writeBars(Bars bars);

    /**
     * The stored bars of {@code symbol} and {@code timeframe} ending in {@code [fromInclusive, toExclusive)}, in time
     * order. A null bound leaves that side open. A range, symbol or timeframe with no bars gives an <em>empty</em>
     * {@link Bars} (size 0), not an error; {@code fromInclusive} after {@code toExclusive} is an
     * {@link IllegalArgumentException}.
     */
    Bars readBars(String symbol, Timeframe timeframe, Instant fromInclusive, Instant toExclusive);

    /** All stored bars of {@code symbol} and {@code timeframe}; empty when there are none. */
    default Bars readBars(String symbol, Timeframe timeframe) {
        return readBars(symbol, timeframe, null, null);
    }

    /** One summary per stored (symbol, timeframe), ordered by symbol (code point order) then timeframe. */
    List<SymbolSummary> listSymbols();

    // ---------------------------------------------------------------- runs

    /**
     * Creates a run. Never replaces anything: when a run with this id is stored already (whatever its state),
     * nothing is written and {@link RunExistsException} is thrown, so two coordinators can never share one record.
     * Atomic across processes on every backend.
     *
     * @throws RunExistsException when the id is taken
     */
    void saveRun(RunRecord run);

    /**
     * Sets a run's status and message (null clears it) and stamps its update time.
     *
     * @throws StorageException when no run has this id
     */
    void updateRunStatus(String runId, RunStatus status, String message);

    /**
     * A beat of the coordinator holding a run: stamps the last beat of the stored lease with {@code at}, provided
     * the stored lease is still {@code lease} (same owner and epoch). {@link Instant#EPOCH} gives the lease
     * up: it then reads as stale to everyone.
     *
     * @return true when stamped; false when the run has no lease or was taken over (another owner or epoch)
     * @throws StorageException when no run has this id
     */
    boolean beatRun(String runId, RunLease lease, Instant at);

    /**
     * Takes a run over, a compare-and-set on its lease: when the stored lease's epoch is still
     * {@code expectedEpoch} (0 for a run without a lease), the lease becomes {@code next} and the run's status and
     * message are set, together. Of several coordinators taking over the same lease, exactly one succeeds.
     *
     * @param next its epoch must be {@code expectedEpoch + 1}
     * @return true when taken over; false when the stored epoch is another (someone else took it first)
     * @throws StorageException when no run has this id
     */
    boolean takeOverRun(String runId, long expectedEpoch, RunLease next, RunStatus status, String message);

    /**
     * Saves one generation of a run, replacing a stored generation with the same number.
     *
     * @throws StorageException when no run has this id
     */
    void saveGeneration(String runId, GenerationRecord generation);

    /**
     * Replaces a run's top strategies with {@code top} (ranks must be unique); an empty list clears them.
     *
     * @throws StorageException when no run has this id
     */
    void saveResults(String runId, List<StrategyRecord> top);

    /** The run with this id, if stored. */
    Optional<RunRecord> findRun(String runId);

    /** The {@code limit} most recently created runs, newest first (ties by id). */
    List<RunRecord> listRuns(int limit);

    /** Every run whose status is one of {@code statuses}, oldest first (ties by id): e.g. the unfinished ones. */
    List<RunRecord> runsWithStatus(Set<RunStatus> statuses);

    /** A run's generations in generation order; empty for an unknown run. */
    List<GenerationRecord> generations(String runId);

    /** A run's top strategies in rank order; empty for an unknown run. */
    List<StrategyRecord> results(String runId);

    // ---------------------------------------------------------------- signals

    /**
     * Upserts a strategy's signals for {@code symbol} by time (times must be unique within {@code points}).
     *
     * @return how many points were new or had a different value
     */
    int writeSignals(String strategyId, String symbol, List<SignalPoint> points);

    /** A strategy's signals for {@code symbol} at or after {@code since} (null: all), in time order. */
    List<SignalPoint> readSignals(String strategyId, String symbol, Instant since);

    // ---------------------------------------------------------------- strategy registry

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

    // ---------------------------------------------------------------- validation reports

    /** Saves a validation report, replacing a stored report with the same id. */
    void saveReport(String id, Instant at, String json);

    /** The {@code limit} most recent reports, newest first (ties by id). */
    List<ReportRecord> reports(int limit);

    // ---------------------------------------------------------------- health

    /**
     * A real, timed round trip to the data; never throws. HEALTHY when it answers within
     * {@link StoreHealth#SLOW_MILLIS}; DEGRADED when it answers slowly or only partly (e.g. an unreadable file among
     * readable ones, named in {@link StoreHealth#error()}); UNHEALTHY when it does not answer.
     */
    StoreHealth health();

    /** Releases connections and files. Idempotent. */
    @Override
    void close();
}
