package io.seedgrid.evolution.fitness;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.seeds.Requires;
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
    private final ThreadLocal<Buffers> buffers = new ThreadLocal<>();

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
        Buffers b = buffers(ctx.size());
        double[] returns = b.returns();
        BacktestResult result = backtest.run(
                strategy.signals(ctx, b.signal(), b.scratch()),
                strategy.entry(),
                strategy.exit(),
                strategy.warmup(),
                ctx,
                returns);
        float[] sketch = sketch(returns, Math.max(1, backtest.inSampleFrom()), result.splitIndex());
        int needed = Math.max(1, (result.splitIndex() - backtest.inSampleFrom()) / 2);
        if (result.inSample().bars() < needed) {
            return new Fitness(
                    -2 + (double) result.inSample().bars() / needed, result.inSample(), result.outOfSample(), sketch);
        }
        int trades = result.inSample().trades();
        double penalty = minTrades > 0 && trades < minTrades ? (double) (minTrades - trades) / minTrades : 0;
        int seeds = 0;
        for (var c : strategy.components()) {
            seeds += c.weight() > 0 ? 1 : 0;
        }
        penalty += parsimony * Math.max(0, seeds - 1);
        return new Fitness(result.inSample().sharpe() - penalty, result.inSample(), result.outOfSample(), sketch);
    }

    /** Per-thread arrays for the signal, one seed's signal and the per-bar returns: per thread, not per genome. */
    private record Buffers(double[] signal, double[] scratch, double[] returns) {}

    private Buffers buffers(int n) {
        Buffers b = buffers.get();
        if (b == null || b.returns().length != n) {
            b = new Buffers(new double[n], new double[n], new double[n]);
            buffers.set(b);
        }
        return b;
    }

    /**
     * Sums of {@code returns[from, to)} over {@link #SKETCH_BLOCKS} equal blocks (fewer when there are fewer bars),
     * each summed from zero in bar order; four blocks at a time, so four independent additions are in flight.
     */
    static float[] sketch(double[] returns, int from, int to) {
        int length = Math.max(0, to - from);
        int blocks = Math.min(SKETCH_BLOCKS, length);
        float[] sketch = new float[blocks];
        int b = 0;
        for (; b + 4 <= blocks; b += 4) {
            int s0 = from + (int) ((long) length * b / blocks);
            int s1 = from + (int) ((long) length * (b + 1) / blocks);
            int s2 = from + (int) ((long) length * (b + 2) / blocks);
            int s3 = from + (int) ((long) length * (b + 3) / blocks);
            int end = from + (int) ((long) length * (b + 4) / blocks);
            int common = Math.min(Math.min(s1 - s0, s2 - s1), Math.min(s3 - s2, end - s3));
            double a0 = 0;
            double a1 = 0;
            double a2 = 0;
            double a3 = 0;
            for (int k = 0; k < common; k++) {
                a0 += returns[s0 + k];
                a1 += returns[s1 + k];
                a2 += returns[s2 + k];
                a3 += returns[s3 + k];
            }
            sketch[b] = (float) sumOn(a0, returns, s0 + common, s1);
            sketch[b + 1] = (float) sumOn(a1, returns, s1 + common, s2);
            sketch[b + 2] = (float) sumOn(a2, returns, s2 + common, s3);
            sketch[b + 3] = (float) sumOn(a3, returns, s3 + common, end);
        }
        for (; b < blocks; b++) {
            int start = from + (int) ((long) length * b / blocks);
            int end = from + (int) ((long) length * (b + 1) / blocks);
            sketch[b] = (float) sumOn(0, returns, start, end);
        }
        return sketch;
    }

    private static double sumOn(double sum, double[] values, int from, int to) {
        for (int t = from; t < to; t++) {
            sum += values[t];
        }
        return sum;
    }
}
