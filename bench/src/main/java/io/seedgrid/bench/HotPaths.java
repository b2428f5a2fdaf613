package io.seedgrid.bench;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Indicators;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The classic hot path on BTCUSD 1m (9,603 bars), one thread: the indicator cache (a hit, and a period computed on a
 * fresh context), one seed's signal, the 8-seed blend, the backtest loop alone and a whole fitness evaluation. Random
 * genomes drawn once (seed 7) and cycled, as a generation would present them. Divide a time by 9,603 for ns per bar.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx1g"})
public class HotPaths {
    private static final int GENOMES = 512;

    private Bars bars;
    private SeedContext ctx;
    private Backtest backtest;
    private FitnessFunction emaFitness;
    private double[][] emaGenomes;
    private BlendedStrategy[] emaStrategies;
    private BlendedStrategy[] blends;
    private double[][] emaSignals;
    private double[] into;
    private double[] scratch;
    private int next;

    @Setup
    public void setUp() {
        bars = BundledData.load("BTCUSD");
        ctx = SeedContext.of(bars);
        backtest = Backtest.builder().build();
        StrategyCodec ema = new StrategyCodec(List.of(Seeds.byName("EMACrossoverSeed")));
        List<Seed> classic = Seeds.all().stream()
                .filter(s -> s.type() != SeedType.ML_CLASSIFIER)
                .toList();
        StrategyCodec blend = new StrategyCodec(classic);
        emaFitness = new FitnessFunction(ema, backtest, 0, 0);
        Random random = new Random(7);
        emaGenomes = new double[GENOMES][];
        emaStrategies = new BlendedStrategy[GENOMES];
        blends = new BlendedStrategy[GENOMES];
        emaSignals = new double[GENOMES][];
        for (int i = 0; i < GENOMES; i++) {
            emaGenomes[i] = unitGenome(random, ema.length());
            emaStrategies[i] = ema.decode(emaGenomes[i]);
            blends[i] = blend.decode(unitGenome(random, blend.length()));
            emaSignals[i] = emaStrategies[i].signals(ctx);
            blends[i].signals(ctx); // every indicator cached: the benchmarks below measure warm paths
        }
        into = new double[ctx.size()];
        scratch = new double[ctx.size()];
    }

    private static double[] unitGenome(Random random, int length) {
        double[] genome = new double[length];
        for (int i = 0; i < length; i++) {
            genome[i] = random.nextDouble();
        }
        return genome;
    }

    private int nextGenome() {
        next = (next + 1) % GENOMES;
        return next;
    }

    /** A cache hit: the EMA array of one period from the shared context (key, map lookup). */
    @Benchmark
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public double[] indicatorCacheHit() {
        return Indicators.ema(ctx, 2 + nextGenome() % 199);
    }

    /** A cache miss: EMA and ATR of one period computed on a fresh context (what a new gene value costs once). */
    @Benchmark
    public double indicatorCacheMiss() {
        SeedContext fresh = SeedContext.of(bars);
        int period = 5 + nextGenome() % 196;
        return Indicators.ema(fresh, period)[bars.size() - 1] + Indicators.atr(fresh, period)[bars.size() - 1];
    }

    /** One seed's signal (EMACrossover) written into a reused array, indicators cached. */
    @Benchmark
    public double[] emaCrossoverSignal() {
        return emaStrategies[nextGenome()].signals(ctx, into, scratch);
    }

    /** The 8 classic seeds' signals blended into a reused array, indicators cached. */
    @Benchmark
    public double[] classicBlend() {
        return blends[nextGenome()].signals(ctx, into, scratch);
    }

    /** The backtest loop alone over a ready EMACrossover signal (both fills' arrays cached). */
    @Benchmark
    public double backtestLoop() {
        int i = nextGenome();
        BlendedStrategy s = emaStrategies[i];
        return backtest.run(emaSignals[i], s.entry(), s.exit(), s.warmup(), ctx, null)
                .inSample()
                .sharpe();
    }

    /** A whole EMACrossover fitness: decode, signal, backtest with per-bar returns, sketch, score. */
    @Benchmark
    public double emaCrossoverFitness() {
        return emaFitness.evaluate(emaGenomes[nextGenome()], ctx).value();
    }
}
