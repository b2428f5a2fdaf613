package io.seedgrid.evolution.walkforward;

import io.seedgrid.evolution.run.EvolutionRun;
import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Walk-forward evolution: the bars are cut into {@code folds + 1} equal windows in time order. Fold {@code i}
 * evolves on window {@code i} (rolling) or windows {@code 0..i} (anchored), then trades its best strategy,
 * unchanged, on window {@code i + 1}. Each fold is an ordinary {@link EvolutionRun} on the bars up to the end of
 * its out-of-sample window with an explicit in-sample window, so indicators warm up on earlier bars only, nothing
 * after the in-sample window reaches fitness, and any evaluator (local threads or a grid) serves it.
 */
public final class WalkForward {
    private final Bars bars;
    private final int folds;
    private final boolean anchored;
    private final UnaryOperator<EvolutionRun.Builder> settings;

    /**
     * @param settings applies the run settings (seeds, GA config, costs, evaluators) to each fold's builder
     */
    public WalkForward(Bars bars, int folds, boolean anchored, UnaryOperator<EvolutionRun.Builder> settings) {
        if (folds < 1) {
            throw new IllegalArgumentException("walk-forward needs at least 1 fold but got " + folds);
        }
        if (bars.size() / (folds + 1) < 2) {
            throw new IllegalArgumentException(
                    bars.size() + " bars are too few for " + folds + " folds (each window needs" + " at least 2 bars)");
        }
        this.bars = bars;
        this.folds = folds;
        this.anchored = anchored;
        this.settings = settings;
    }

    /** Window boundary {@code j} of {@code folds + 2}: bar index where window {@code j} starts. */
    public int boundary(int j) {
        return (int) ((long) bars.size() * j / (folds + 1));
    }

    /** Runs every fold in time order; {@code listener} hears each fold's generations. */
    public WalkForwardResult run(FoldListener listener) {
        long started = System.nanoTime();
        List<Fold> done = new ArrayList<>();
        List<double[]> pieces = new ArrayList<>();
        List<long[]> times = new ArrayList<>();
        for (int i = 0; i < folds; i++) {
            int from = anchored ? 0 : boundary(i);
            int split = boundary(i + 1);
            int end = boundary(i + 2);
            Bars known = bars.head(end);
            int fold = i;
            listener.foldStarted(fold, from, split, end);
            EvolutionRun run = settings.apply(EvolutionRun.builder(known))
                    .inSampleWindow(from, split)
                    .build();
            RunResult result = run.run(stats -> listener.generation(fold, stats));
            RankedStrategy best = result.best().orElseThrow();
            pieces.add(Arrays.copyOfRange(best.evidence().netReturns(), split, end));
            long[] stamps = new long[end - split];
            for (int t = split; t < end; t++) {
                stamps[t - split] = known.endEpochMilli(t);
            }
            times.add(stamps);
            done.add(new Fold(
                    i, from, split, end, known.endTime(from), known.endTime(split), known.endTime(end - 1), result));
        }
        double[] stitched = concat(pieces);
        long[] stamps = times.stream().flatMapToLong(Arrays::stream).toArray();
        int trades = 0;
        double wins = 0;
        double exposed = 0;
        for (Fold f : done) {
            trades += f.outOfSample().trades();
            wins += f.outOfSample().winRate() * f.outOfSample().trades();
            exposed += f.outOfSample().exposure() * f.outOfSample().bars();
        }
        Metrics metrics = Metrics.ofReturns(
                stitched,
                trades == 0 ? 0 : wins / trades,
                trades,
                stitched.length == 0 ? 0 : exposed / stitched.length,
                bars.barsPerYear());
        return new WalkForwardResult(
                anchored, done, metrics, stitched, stamps, (System.nanoTime() - started) / 1_000_000);
    }

    private static double[] concat(List<double[]> pieces) {
        double[] all = new double[pieces.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (double[] p : pieces) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /** Hears a walk-forward's progress. */
    public interface FoldListener {
        /** A fold begins: in-sample {@code [from, split)}, out of sample {@code [split, end)}. */
        default void foldStarted(int fold, int from, int split, int end) {}

        void generation(int fold, GenerationStats stats);
    }
}
