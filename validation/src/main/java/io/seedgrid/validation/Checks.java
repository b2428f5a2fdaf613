package io.seedgrid.validation;

import java.util.List;

/**
 * The checks of a Phase 1 validation, with their weights (business value) and criticality.
 *
 * <table>
 *   <caption>Standard checks</caption>
 *   <tr><th>check</th><th>weight</th><th>critical</th><th>why this weight</th></tr>
 *   <tr><td>storage</td><td>15</td><td>yes</td><td>every run, signal and report lives there: down means nothing
 *       persists</td></tr>
 *   <tr><td>seed-registry</td><td>10</td><td>yes</td><td>the building blocks; a missing or broken seed breaks every
 *       strategy using it</td></tr>
 *   <tr><td>signals</td><td>15</td><td>no</td><td>what traders consume</td></tr>
 *   <tr><td>data-sufficiency</td><td>15</td><td>no</td><td>the guide's gating: stored data the seeds cannot use
 *       means signals that cannot be trusted or given</td></tr>
 *   <tr><td>population</td><td>10</td><td>no</td><td>evolution starts from it; invalid genomes waste or break
 *       runs</td></tr>
 *   <tr><td>evolution</td><td>15</td><td>yes</td><td>the product: no evolution, no new strategies</td></tr>
 *   <tr><td>lookahead</td><td>10</td><td>yes</td><td>a leaking seed makes every backtest figure a lie</td></tr>
 *   <tr><td>recursive</td><td>5</td><td>no</td><td>signals that depend on where history starts differ between
 *       machines and restarts</td></tr>
 *   <tr><td>interfaces</td><td>5</td><td>no</td><td>what the later phases build on</td></tr>
 *   <tr><td>grid</td><td>10</td><td>yes (runs only in cluster mode)</td><td>with cluster mode configured, evolution
 *       runs on the grid: no nodes, no evolution</td></tr>
 * </table>
 * The standard weights sum to 100 in local mode and 110 in cluster mode; the score is normalised by the weights of
 * the checks that ran, so it is a percentage either way.
 */
public final class Checks {
    public static final int STORAGE_WEIGHT = 15;
    public static final int SEED_REGISTRY_WEIGHT = 10;
    public static final int SIGNALS_WEIGHT = 15;
    public static final int DATA_SUFFICIENCY_WEIGHT = 15;
    public static final int POPULATION_WEIGHT = 10;
    public static final int EVOLUTION_WEIGHT = 15;
    public static final int LOOKAHEAD_WEIGHT = 10;
    public static final int RECURSIVE_WEIGHT = 5;
    public static final int INTERFACES_WEIGHT = 5;
    public static final int GRID_WEIGHT = 10;

    private Checks() {}

    /** The standard checks, in the order they run (cheap and fundamental first). */
    public static List<Check> standard() {
        return List.of(
                storage(),
                seedRegistry(),
                dataSufficiency(),
                signals(),
                population(),
                evolution(),
                lookahead(),
                recursive(),
                interfaces(),
                grid());
    }

    /** Every configured storage backend is HEALTHY with a health query under 200 ms (median of 3). */
    public static Check storage() {
        return new StorageCheck(STORAGE_WEIGHT, true);
    }

    /** The guide's ten seeds load, each with a type, a data requirement and valid genes. */
    public static Check seedRegistry() {
        return new SeedRegistryCheck(SEED_REGISTRY_WEIGHT, true);
    }

    /** Every seed gives non-zero, changing signals on stored data with enough bars; others reported as gated. */
    public static Check signals() {
        return new SignalsCheck(SIGNALS_WEIGHT, false);
    }

    /** The gating table per stored symbol: every seed deployable on every stored series. */
    public static Check dataSufficiency() {
        return new DataSufficiencyCheck(DATA_SUFFICIENCY_WEIGHT, false);
    }

    /** A population of 50 within 30 s, 0 critical failures. */
    public static Check population() {
        return new PopulationCheck(POPULATION_WEIGHT, false);
    }

    /** A short evolution within the per-generation limit, best fitness never worse, out-of-sample metrics. */
    public static Check evolution() {
        return new EvolutionCheck(EVOLUTION_WEIGHT, true);
    }

    /** No seed looks ahead ({@code seedgrid check lookahead}). */
    public static Check lookahead() {
        return new LookaheadCheck(LOOKAHEAD_WEIGHT, true);
    }

    /** Every seed forgets where its history started ({@code seedgrid check recursive}). */
    public static Check recursive() {
        return new RecursiveCheck(RECURSIVE_WEIGHT, false);
    }

    /** Storage methods and backend switching answer correctly when called. */
    public static Check interfaces() {
        return new InterfacesCheck(INTERFACES_WEIGHT, false);
    }

    /** In cluster mode: server nodes reachable, grid fitness equals local; skipped otherwise. */
    public static Check grid() {
        return new GridCheck(GRID_WEIGHT, true);
    }
}
