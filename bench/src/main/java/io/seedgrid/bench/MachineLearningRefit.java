package io.seedgrid.bench;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One ML seed's walk-forward signal for a genome it has not seen (all its refits), through the {@link Seed} interface
 * only, so it measures whatever the implementation is: on one shared BTCUSD 1m context (shared features are computed
 * once, in the warm-up), each call with the next of 4,096 random genomes drawn from the seed's gene ranges, so the
 * context's memo never answers. The target is 5 ms per fresh genome.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xmx2g"})
public class MachineLearningRefit {
    private static final int GENOMES = 4096;

    @Param({"LinearSVCClassifierSeed", "PCATreeQuantileSeed"})
    public String seed;

    private Seed ml;
    private SeedContext ctx;
    private double[][] genomes;
    private int next;

    @Setup
    public void setUp() {
        ml = Seeds.byName(seed);
        ctx = SeedContext.of(BundledData.load("BTCUSD"));
        Random random = new Random(11);
        List<GeneSpec> specs = ml.genes();
        genomes = new double[GENOMES][];
        for (int i = 0; i < GENOMES; i++) {
            double[] genes = new double[specs.size()];
            for (int g = 0; g < genes.length; g++) {
                GeneSpec spec = specs.get(g);
                double value = spec.min() + random.nextDouble() * (spec.max() - spec.min());
                genes[g] = spec.kind() == GeneSpec.Kind.INTEGER ? Math.round(value) : value;
            }
            genomes[i] = Genes.ordered(specs, ml.orderedGenes(), genes);
        }
    }

    @Benchmark
    public double[] freshGenome() {
        next = (next + 1) % GENOMES;
        return ml.signals(ctx, genomes[next]);
    }
}
