package io.seedgrid.evolution.honesty;

import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.fitness.EvaluationSpec;
import io.seedgrid.evolution.fitness.Fitness;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Computes a run's {@link SelectionBias} from its ledger, its best strategy and its final population. */
public final class SelectionBiasAssessor {
    private SelectionBiasAssessor() {}

    /**
     * @param trials     the fitness of every distinct genome backtested, in ledger order
     * @param bestTrial  the best strategy's index in {@code trials}
     * @param best       the evidence on the best strategy (its net returns)
     * @param population the final population's distinct strategies
     * @param populationReturns every bar's net return of each of them, in the same order (the return matrix)
     * @param pboBlocks  S for CSCV (16 by default); lowered to fit short samples
     */
    public static SelectionBias assess(
            List<Fitness> trials,
            int bestTrial,
            Evidence best,
            List<BlendedStrategy> population,
            double[][] populationReturns,
            EvaluationSpec spec,
            SeedContext ctx,
            int pboBlocks) {
        Backtest backtest = spec.backtest();
        int n = ctx.size();
        int split = backtest.splitIndex(n);
        double barsPerYear = ctx.bars().barsPerYear();
        double annual = Math.sqrt(barsPerYear);
        List<String> warnings = new ArrayList<>();

        double[] perBar =
                trials.stream().mapToDouble(f -> f.inSample().sharpe() / annual).toArray();
        double variance = SharpeStatistics.Moments.of(perBar, 0, perBar.length).std();
        variance *= variance;

        var moments = best.inSampleMoments();
        double psr = Double.NaN;
        double dsr = Double.NaN;
        double expectedMax = SharpeStatistics.expectedMaxSharpe(variance, Math.max(1, trials.size()));
        if (moments.count() >= 2) {
            psr = SharpeStatistics.probabilisticSharpe(
                    moments.sharpe(), 0, moments.count(), moments.skewness(), moments.kurtosis());
            dsr = SharpeStatistics.probabilisticSharpe(
                    moments.sharpe(), expectedMax, moments.count(), moments.skewness(), moments.kurtosis());
        } else {
            warnings.add("the best strategy has fewer than 2 in-sample returns: PSR and DSR are undefined");
        }

        var distinct = new LinkedHashSet<>(population);
        if (populationReturns.length != population.size() || distinct.size() != population.size()) {
            throw new IllegalArgumentException("the population must be distinct with one return series each, but has "
                    + population.size() + " strategies (" + distinct.size() + " distinct) and "
                    + populationReturns.length + " series");
        }
        double pbo = Double.NaN;
        int first = Math.max(1, backtest.inSampleFrom());
        int length = split - first; // in-sample returns of bars first .. split-1
        int blocks = Math.min(pboBlocks, length / 2 * 2);
        if (distinct.size() < 2) {
            warnings.add("the final population holds " + distinct.size() + " distinct strategy: PBO is undefined");
        } else if (blocks < 2) {
            warnings.add("too few in-sample bars for PBO");
        } else {
            double[][] matrix = new double[distinct.size()][];
            int i = 0;
            for (double[] returns : populationReturns) {
                matrix[i++] = Arrays.copyOfRange(returns, first, split);
            }
            pbo = Overfitting.pbo(matrix, blocks).pbo();
            if (blocks < pboBlocks) {
                warnings.add("PBO used " + blocks + " blocks instead of " + pboBlocks + " for lack of bars");
            }
        }
        double minimumYears = SharpeStatistics.minimumBacktestYears(Math.max(1, trials.size()), 1.0);
        double inSampleYears = barsPerYear > 0 ? length / barsPerYear : 0;
        if (inSampleYears < minimumYears) {
            warnings.add(String.format(
                    Locale.ROOT,
                    "%d trials need %.1f years of data for an annual Sharpe of 1 not to "
                            + "be expected from luck alone; the in-sample data spans %.2f years",
                    trials.size(),
                    minimumYears,
                    inSampleYears));
        }
        // over the window the sketches cover (the best's warm-up bars count as the zeros they are)
        var window = SharpeStatistics.Moments.of(best.netReturns(), first, Math.max(first, split));
        Optional<ClusteredDeflatedSharpe> clustered = clustered(trials, bestTrial, window, warnings);
        return new SelectionBias(
                trials.size(),
                variance,
                moments.sharpe(),
                moments.count(),
                moments.skewness(),
                moments.kurtosis(),
                psr,
                expectedMax * annual,
                dsr,
                pbo,
                distinct.size(),
                blocks,
                minimumYears,
                inSampleYears,
                warnings,
                clustered,
                barsPerYear);
    }

    /**
     * The deflated Sharpe ratio with the trials clustered by how their in-sample returns move together, from the
     * block sums every fitness carries ({@link Fitness#sketch()}); {@code best} are the best strategy's per-bar
     * moments over the window those sums cover.
     */
    private static Optional<ClusteredDeflatedSharpe> clustered(
            List<Fitness> trials, int bestTrial, SharpeStatistics.Moments best, List<String> warnings) {
        float[] own = trials.get(bestTrial).sketch();
        if (trials.size() < 2 || own.length < 4 || best.count() < 2 || !(best.std() > 0)) {
            warnings.add("too few trials, in-sample bars or variation for the clustered deflated Sharpe ratio");
            return Optional.empty();
        }
        double[][] sketches = new double[trials.size()][];
        for (int i = 0; i < sketches.length; i++) {
            float[] s = trials.get(i).sketch();
            if (s.length != own.length) {
                warnings.add("trials were judged on different in-sample windows: no clustered deflated Sharpe ratio");
                return Optional.empty();
            }
            sketches[i] = new double[s.length];
            for (int b = 0; b < s.length; b++) {
                sketches[i][b] = s[b];
            }
        }
        var perBlock = SharpeStatistics.Moments.of(sketches[bestTrial], 0, own.length);
        if (!(perBlock.std() > 0)) {
            warnings.add("the best strategy's block returns do not vary: no clustered deflated Sharpe ratio");
            return Optional.empty();
        }
        return Optional.of(ClusteredDeflatedSharpe.of(TrialClusters.of(sketches), bestTrial, best, perBlock));
    }

    /**
     * The deflated Sharpe ratio of any reported strategy: the PSR of its in-sample returns against the expected best
     * of the run's skill-less trials, clustered when that could be computed (NaN with fewer than 2 in-sample
     * returns).
     */
    public static double deflated(SelectionBias bias, Evidence e) {
        var m = e.inSampleMoments();
        if (m.count() < 2) {
            return Double.NaN;
        }
        double expectedMax = bias.clustered()
                .map(ClusteredDeflatedSharpe::expectedMaxBetween)
                .orElseGet(() ->
                        SharpeStatistics.expectedMaxSharpe(bias.trialSharpeVariance(), Math.max(1, bias.trials())));
        return SharpeStatistics.probabilisticSharpe(m.sharpe(), expectedMax, m.count(), m.skewness(), m.kurtosis());
    }
}
