package io.seedgrid.strategies;

import io.seedgrid.storage.StrategyEventRecord;
import java.util.List;
import java.util.Optional;

/**
 * The registry of evolved strategies: versioned, promoted through stages behind gates, rolled back, archived.
 * Open one with {@link StrategyRegistries#open}; it lives in the configured {@link io.seedgrid.storage.Store}.
 *
 * @apiNote Contract:
 * <ul>
 *   <li>Ids are {@code name@version}. A new version of a name is MAJOR+1 when its set of seeds differs from the
 *       newest version's, MINOR+1 when genes, weights, thresholds or backtest settings differ, PATCH+1 when the
 *       definition is the same (saved again from a new run); the first version is 1.0.0. Its parent is the newest
 *       version at the time.</li>
 *   <li>Lifecycle: DRAFT -> TESTING -> STAGING -> CANARY -> PRODUCTION, one step per promotion, with an optional
 *       SHADOW between STAGING and CANARY ({@link #shadow}: signals and would-be returns beside the PRODUCTION
 *       version, no capital; from there only to CANARY); any stage -> ARCHIVED by hand. A CANARY carries a share of
 *       the name's capital that rises step by step ({@link GateConfig#canarySteps()}, 10% -> 25% -> 50% -> 100%);
 *       the PRODUCTION version holds the rest ({@link #allocation}). To STAGING, from SHADOW to CANARY, each canary
 *       step and to PRODUCTION a promotion must pass its gates ({@link GateConfig}); a refusal is recorded in the
 *       log and thrown as {@link PromotionRefusedException} naming the failed gates. At most one version of a name
 *       is in CANARY and one in PRODUCTION: promoting another there retires the previous one to ARCHIVED, and
 *       {@link #rollback} puts it back.</li>
 *   <li>Every change is an entry in the strategy's append-only log (who, when, what, gate results); archived
 *       strategies stay readable. Timestamps come from the injected clock.</li>
 *   <li>Unknown ids and names throw {@link UnknownStrategyException}; moves not allowed from the current stage throw
 *       {@link LifecycleException}; a log changed by another writer between reading and writing throws
 *       {@link RegistryException} (nothing written: read and try again).</li>
 *   <li>Safe to use from several threads.</li>
 * </ul>
 */
public interface StrategyRegistry {

    /** The gate settings promotions are judged by. */
    GateConfig gates();

    /**
     * Registers a new version of {@code strategy.name()} in DRAFT, after backtesting it on {@code strategy.bars()}:
     * its metrics and the out-of-sample per-bar returns that canary and drift checks compare with come from that
     * backtest.
     */
    RegisteredStrategy save(NewStrategy strategy);

    /**
     * Registers the strategy ranked {@code rank} in a completed run, under {@code name} (null: the default
     * {@code SYMBOL-TIMEFRAME}). The bars it was evolved on are found in the store (or the bundled data) and its
     * backtest must reproduce the run's recorded metrics on them, else nothing is saved.
     *
     * @throws UnknownStrategyException when the run or the rank does not exist
     * @throws RegistryException        when the run's bars cannot be found or do not reproduce its results
     */
    RegisteredStrategy saveFromRun(String runId, int rank, String name, String actor);

    /** The strategy with this id, or, given a name, that name's newest version. */
    Optional<RegisteredStrategy> find(String idOrName);

    /** As {@link #find}, or {@link UnknownStrategyException}. */
    RegisteredStrategy get(String idOrName);

    /** Every registered version, by name then creation time. */
    List<RegisteredStrategy> list();

    /** A strategy's log, oldest first. */
    List<StrategyEventRecord> history(String idOrName);

    /** The gates its next promotion would face, evaluated now, without promoting (empty when the step has none). */
    List<GateResult> preview(String idOrName);

    /**
     * Moves the strategy one stage up if the gates of that step pass; a CANARY moves to its next share (a STEPPED
     * entry), or after its last to PRODUCTION.
     */
    RegisteredStrategy promote(String idOrName, String actor);

    /**
     * Puts a STAGING version in SHADOW: the live loop computes its signals and would-be returns on every bar beside
     * the name's PRODUCTION version; it trades nothing and goes on only to CANARY, through the shadow gates.
     */
    RegisteredStrategy shadow(String idOrName, String actor);

    /**
     * Judges a CANARY's current step on its live evidence and acts, as the live loop does after every bar: a hard
     * gate failing (live drawdown past the limit, drift) rolls it back to ARCHIVED at once (ROLLED_BACK, with the
     * evidence; the PRODUCTION version holds everything again); too few bars at the step waits; a soft gate failing
     * (returns significantly worse than the backtest's) holds the step (one HELD entry per step); all passing moves
     * it to the next share or to PRODUCTION. Nothing happens to versions not in CANARY.
     */
    CanaryReview reviewCanary(String idOrName, String actor);

    /**
     * The realised returns of a version's live bars: those after it first went live (SHADOW included: would-be
     * returns), with its signals stored; none when it never went live.
     */
    LiveReturns liveReturns(String idOrName);

    /** How the name's capital is shared among its versions now. */
    Allocation allocation(String name);

    /** Every allocation of the name's capital so far, oldest first (one per change). */
    List<Allocation> allocations(String name);

    /**
     * Two versions over their common live bars (after both went live, SHADOW included): realised Sharpe ratio and
     * return of each, the agreement of their positions and a paired test of the return difference.
     */
    Comparison compare(String idOrNameA, String idOrNameB);

    /**
     * Takes the PRODUCTION version of the name of {@code nameOrId} out (to ARCHIVED) and puts the version it replaced
     * back in PRODUCTION; returns the restored version.
     */
    RegisteredStrategy rollback(String nameOrId, String actor);

    /** Archives the strategy: it leaves its stage for good and stays readable. */
    RegisteredStrategy archive(String idOrName, String actor);

    /**
     * Checks a CANARY or PRODUCTION strategy for drift now, and records the verdict in its log when it changed since
     * the last one recorded. Other stages get {@link DriftReport.Status#NOT_LIVE}.
     */
    DriftReport checkDrift(String idOrName, String actor);
}
