/**
 * seedgrid strategies: what happens to an evolved strategy after its run.
 *
 * <ul>
 *   <li>{@link io.seedgrid.strategies.StrategyRegistry} (open with {@link io.seedgrid.strategies.StrategyRegistries}):
 *       versions ({@code name@MAJOR.MINOR.PATCH}, {@link io.seedgrid.strategies.SemVer}) with lineage, the lifecycle
 *       DRAFT -> TESTING -> STAGING -> CANARY -> PRODUCTION (and ARCHIVED) behind
 *       {@link io.seedgrid.strategies.GateConfig gates}, rollback, drift checks
 *       ({@link io.seedgrid.strategies.DriftReport}).</li>
 *   <li>{@link io.seedgrid.strategies.SignalService} (open with {@link io.seedgrid.strategies.SignalServices}):
 *       incremental, idempotent live signals equal to the backtest's.</li>
 *   <li>{@link io.seedgrid.strategies.stats.Tests}: Welch's t-test and the two-sample Kolmogorov-Smirnov test,
 *       written out.</li>
 * </ul>
 *
 * Everything lives in the configured {@link io.seedgrid.storage.Store}: versions as immutable records, the lifecycle
 * as each version's append-only log, appended with a compare-and-set on its length.
 *
 * <pre>{@code
 * try (Store store = Stores.open(config)) {
 *     StrategyRegistry registry = StrategyRegistries.open(store, Clock.systemUTC(), GateConfig.DEFAULT);
 *     RegisteredStrategy s = registry.saveFromRun(runId, 1, null, "cli:alice");   // AAPL-1d@1.0.0, DRAFT
 *     registry.promote(s.id(), "cli:alice");                                      // TESTING
 *     SignalUpdate u = SignalServices.open(store, registry).update(s.id(), null); // new bars only
 * }
 * }</pre>
 */
package io.seedgrid.strategies;
