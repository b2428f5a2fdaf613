package io.seedgrid.cli;

import io.seedgrid.evolution.codec.StrategyCodec;
import io.seedgrid.evolution.fitness.FitnessFunction;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measures evaluation throughput on one core: backtests/s and ns per bar, for a single seed",
            "(EMACrossover) with its indicators cached and computed again every round, the backtest loop alone,",
            "and blends. Prints figures; asserts nothing."
        })
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    MarketDataOptions data;

    @Option(
            names = "--genomes",
            defaultValue = "2000",
            paramLabel = "N",
            description = "Random genomes per measurement. Default: ${DEFAULT-VALUE}.")
    int genomes;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            paramLabel = "N",
            description = "Timed rounds after one warm-up round; the median round is reported (as the W1 peers do)."
                    + " Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() {
        if (genomes < 1 || rounds < 1) {
            throw new IllegalArgumentException("--genomes and --rounds must be >= 1");
        }
        Bars bars = data.load();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "bench on %s, one thread, %d genomes x %d rounds (+1 warm-up), Java %s%n",
                bars, genomes, rounds, Runtime.version());
        Backtest backtest = Backtest.builder().build();
        SeedContext ctx = SeedContext.of(bars);

        StrategyCodec single = new StrategyCodec(List.of(Seeds.byName("EMACrossoverSeed")));
        measure(out, "EMACrossover: signal + backtest", single, backtest, () -> ctx, genomes, false);
        // as the W1 peers measure: indicators (EMAs, ATRs) computed again in every round
        measure(
                out,
                "EMACrossover: signal + backtest, indicators every round",
                single,
                backtest,
                () -> SeedContext.of(bars),
                genomes,
                false);
        measure(out, "EMACrossover: backtest loop only", single, backtest, () -> ctx, genomes, true);
        List<Seed> classic = Seeds.all().stream()
                .filter(s -> s.type() != SeedType.ML_CLASSIFIER)
                .toList();
        measure(
                out,
                classic.size() + "-seed blend (no ML): signals + blend + backtest",
                new StrategyCodec(classic),
                backtest,
                () -> ctx,
                Math.max(1, genomes / 10),
                false);
        measure(
                out,
                classic.size() + "-seed blend (no ML), indicators every round",
                new StrategyCodec(classic),
                backtest,
                () -> SeedContext.of(bars),
                Math.max(1, genomes / 10),
                false);
        List<Seed> ml = Seeds.all().stream()
                .filter(s -> s.type() == SeedType.ML_CLASSIFIER)
                .toList();
        for (Seed seed : ml) {
            // A fresh context every round: the memo would otherwise turn every training into a lookup.
            measureMl(out, seed, bars, backtest, Math.max(1, genomes / 20));
        }
        out.flush();
        return 0;
    }

    /**
     * Times fresh genomes of one ML seed (genes drawn uniformly from their ranges): walk-forward training, signals and
     * a backtest, with a fresh context every round so neither signals nor the shared feature matrices are reused
     * from an earlier round (within a round, genomes share the context's feature matrices, as in a run). Prints the
     * best round's wall clock and, steadier on a shared machine, this thread's CPU time.
     */
    private void measureMl(PrintWriter out, Seed seed, Bars bars, Backtest backtest, int count) {
        StrategyCodec codec = new StrategyCodec(List.of(seed));
        FitnessFunction fitness = new FitnessFunction(codec, backtest, 0, 0);
        Random random = new Random(7);
        double[][] genomes = new double[count][codec.length()];
        for (double[] g : genomes) {
            for (int i = 0; i < g.length; i++) {
                g[i] = random.nextDouble();
            }
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long best = Long.MAX_VALUE;
        long bestCpu = Long.MAX_VALUE;
        double sink = 0;
        for (int round = 0; round <= rounds; round++) {
            SeedContext roundContext = SeedContext.of(bars);
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (double[] g : genomes) {
                sink += fitness.evaluate(g, roundContext).value();
            }
            long elapsed = System.nanoTime() - start;
            long used = threads.getCurrentThreadCpuTime() - cpu;
            if (round > 0) {
                best = Math.min(best, elapsed);
                bestCpu = Math.min(bestCpu, used);
            }
        }
        double perGenome = (double) best / count;
        double cpuPerGenome = (double) bestCpu / count;
        out.printf(
                "%-62s %10.2f ms/genome %9.0f ns/bar (cpu %.2f ms, %.0f ns/bar; %d fresh genomes)%s%n",
                seed.name() + ": walk-forward training + backtest",
                perGenome / 1e6,
                perGenome / bars.size(),
                cpuPerGenome / 1e6,
                cpuPerGenome / bars.size(),
                count,
                Double.isNaN(sink) ? " (NaN seen)" : "");
    }

    /**
     * Times backtests of random genomes; with {@code loopOnly}, each genome's signal is computed into one reused array
     * before its clock starts (so it is in cache, as the W1 floor's EMA arrays are) and the backtest alone is timed.
     */
    private void measure(
            PrintWriter out,
            String label,
            StrategyCodec codec,
            Backtest backtest,
            Supplier<SeedContext> contexts,
            int count,
            boolean loopOnly) {
        SeedContext ctx = contexts.get();
        FitnessFunction fitness = new FitnessFunction(codec, backtest, 0, 0);
        Random random = new Random(7);
        double[][] genomes = new double[count][codec.length()];
        for (double[] g : genomes) {
            for (int i = 0; i < g.length; i++) {
                g[i] = random.nextDouble();
            }
        }
        BlendedStrategy[] strategies = new BlendedStrategy[count];
        for (int i = 0; i < count; i++) {
            strategies[i] = codec.decode(genomes[i]);
        }
        double[] signal = new double[ctx.size()];
        double[] scratch = new double[ctx.size()];
        long[] timed = new long[rounds];
        double sink = 0;
        for (int round = 0; round <= rounds; round++) {
            SeedContext roundContext = round == 0 ? ctx : contexts.get();
            long elapsed = 0;
            if (loopOnly) {
                for (int i = 0; i < count; i++) {
                    BlendedStrategy s = strategies[i];
                    s.signals(roundContext, signal, scratch);
                    long start = System.nanoTime();
                    sink += backtest.run(signal, s.entry(), s.exit(), s.warmup(), roundContext, null)
                            .inSample()
                            .sharpe();
                    elapsed += System.nanoTime() - start;
                }
            } else {
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    sink += fitness.evaluate(genomes[i], roundContext).value();
                }
                elapsed = System.nanoTime() - start;
            }
            if (round > 0) {
                timed[round - 1] = elapsed;
            }
        }
        Arrays.sort(timed);
        double perBacktest = (double) timed[rounds / 2] / count;
        double perBar = (double) count * ctx.size();
        out.printf(
                "%-62s %10.0f backtests/s %9.2f ns/bar (rounds %.2f..%.2f)%s%n",
                label,
                1e9 / perBacktest,
                perBacktest / ctx.size(),
                timed[0] / perBar,
                timed[rounds - 1] / perBar,
                Double.isNaN(sink) ? " (NaN seen)" : "");
    }
}
