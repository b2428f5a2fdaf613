package io.seedgrid.evolution.run;

import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.honesty.SelectionBias;
import io.seedgrid.seeds.gating.GateDecision;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a run found.
 *
 * @param symbol           the bars' symbol
 * @param timeframe        their timeframe label
 * @param bars             how many
 * @param firstBar         end time of the first bar
 * @param lastBar          end time of the last bar
 * @param splitBar         end time of the first out-of-sample bar
 * @param config           the GA settings
 * @param spec             the fitness settings (seeds after gating, costs, split)
 * @param gating           the data-sufficiency verdict for every seed asked for
 * @param generations      per-generation figures
 * @param top              best distinct strategies seen in the run, best first
 * @param distinctGenomes  genomes backtested in the whole run (the trials)
 * @param durationMillis   wall time
 * @param evaluator        where fitness ran
 * @param selectionBias    how much of the best result may be luck of selection (DSR, PBO, minimum length)
 * @param finalPopulation  the last generation's distinct strategies, for the return matrix behind PBO
 * @param populationReturns every bar's net return of each of them, in the same order: the matrix itself
 * @param acceptance       the criteria every top strategy was judged by
 * @param market           the in-sample bars' microstructure: autocorrelation, spread estimates, warnings
 * @param slippage         where the slippage came from: given, or half the spread estimated from bars
 */
public record RunResult(
        String symbol,
        String timeframe,
        int bars,
        Instant firstBar,
        Instant lastBar,
        Instant splitBar,
        RunConfig config,
        EvaluationSpec spec,
        List<GateDecision> gating,
        List<GenerationStats> generations,
        List<RankedStrategy> top,
        int distinctGenomes,
        long durationMillis,
        String evaluator,
        SelectionBias selectionBias,
        List<BlendedStrategy> finalPopulation,
        double[][] populationReturns,
        AcceptanceCriteria acceptance,
        MarketDiagnosis market,
        SlippageBasis slippage) {

    public RunResult {
        gating = List.copyOf(gating);
        generations = List.copyOf(generations);
        top = List.copyOf(top);
        finalPopulation = List.copyOf(finalPopulation);
        populationReturns = populationReturns.clone(); // rows are not copied: the run hands them over
    }

    /** The best strategy by in-sample fitness, or empty if nothing was evaluated. */
    public Optional<RankedStrategy> best() {
        return top.isEmpty() ? Optional.empty() : Optional.of(top.get(0));
    }

    /** The best-ranked strategy that met every acceptance criterion, if any did. */
    public Optional<RankedStrategy> bestAccepted() {
        return top.stream().filter(RankedStrategy::accepted).findFirst();
    }
}
