package io.seedgrid.evolution.fitness;

import io.seedgrid.seeds.Requires;
import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.Objects;

/**
 * Genome to fitness: decode, backtest, score. The score is the in-sample Sharpe ratio minus a penalty of up to 1
 * for fewer than {@code minTrades} in-sample trades ({@code (minTrades - trades) / minTrades}), so a strategy that
 * never trades scores -1 and cannot win by doing nothing, minus {@code parsimony} for every weighted seed beyond the
 * first, so that at equal Sharpe the simpler blend wins. A strategy whose warm-up leaves it less than half of the
 * in-sample bars scores in [-2, -1), rising with its coverage: a Sharpe ratio measured on a handful of bars is luck,
 * not fitness.
 */
public final class FitnessFunction {
    /** Blocks of the in-sample window summed into a fitness's sketch. */
    public static final int SKETCH_BLOCKS = 128;

    private final StrategyCodec codec;
    private final Backtest backtest;
    private final int minTrades;
    private final double parsimony;
    private final ThreadLocal<double[]> buffer = new ThreadLocal<>();

    public FitnessFunction(StrategyCodec codec, Backtest backtest, int minTrades, double parsimony) {
        this.minTrades = Requires.atLeast("minTrades", minTrades, 0);
        this.parsimony = Requires.inHalfOpenRange("parsimony", parsimony, 0, 1);
        this.codec = Objects.requireNonNull(codec, "codec");
        this.backtest = Objects.requireNonNull(backtest, "backtest");
    }

    public StrategyCodec codec() {
        return codec;
    }

    public Backtest backtest() {
        return backtest;
    }

    public Fitness evaluate(double[] genome, SeedContext ctx) {
        BlendedStrategy strategy = codec.decode(genome);
        double[] returns = returnsBuffer(ctx.size());
        BacktestResult result = backtest.run(strategy.signals(ctx), strategy.entry(), strategy.exit(),
                strategy.warmup(), ctx, returns);
        float[] sketch = sketch(returns, Math.max(1, backtest.inSampleFrom()), result.splitIndex());
        int needed = Math.max(1, (result.splitIndex() - backtest.inSampleFrom()) / 2);
        if (result.inSample().bars() < needed) {
            return new Fitness(-2 + (double) result.inSample().bars() / needed, result.inSample(), result.outOfSample(),
                    sketch);
        }
        int trades = result.inSample().trades();
        double penalty = minTrades > 0 && trades < minTrades ? (double) (minTrades - trades) / minTrades : 0;
        long seeds = strategy.components().stream().filter(c -> c.weight() > 0).count();
        penalty += parsimony * Math.max(0, seeds - 1);
        return new Fitness(result.inSample().sharpe() - penalty, result.inSample(), result.outOfSample(), sketch);
    }

    /** A per-thread array for the backtest's per-bar returns: one allocation per thread, not per genome. */
    private double[] returnsBuffer(int n) {
        double[] b = buffer.get();
        if (b == null || b.length != n) {
            b = new double[n];
            buffer.set(b);
        }
        return b;
    }

    /** Sums of {@code returns[from, to)} over {@link #SKETCH_BLOCKS} equal blocks (fewer when there are fewer bars). */
    static float[] sketch(double[] returns, int from, int to) {
        int length = Math.max(0, to - from);
        int blocks = Math.min(SKETCH_BLOCKS, length);
        float[] sketch = new float[blocks];
        for (int b = 0; b < blocks; b++) {
            int start = from + (int) ((long) length * b / blocks);
            int end = from + (int) ((long) length * (b + 1) / blocks);
            double sum = 0;
            for (int t = start; t < end; t++) {
                sum += returns[t];
            }
            sketch[b] = (float) sum;
        }
        return sketch;
    }
}
