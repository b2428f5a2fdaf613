package io.seedgrid.seeds.seed;

import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import java.util.List;

/**
 * A genetic seed: a strategy building block that turns bars into a signal in [-1, 1] per bar, shaped by genes.
 *
 * @apiNote Contract for implementations:
 * <ul>
 *   <li>No look-ahead: {@code signals(ctx, genes)[t]} depends on bars {@code 0..t} only, so cutting bars after
 *       {@code t} never changes it. Models are trained on labels already known at {@code t}.</li>
 *   <li>Every value is finite and in [-1, 1]; before {@link #warmup} bars have passed it is 0 (no opinion).</li>
 *   <li>A pure function of the bars and the genes: same input, same output, bit for bit, on any thread.</li>
 *   <li>Gene vectors are positional, in the order of {@link #genes()}, and already within their ranges.</li>
 * </ul>
 */
public interface Seed {

    /** The registry name, e.g. {@code EMACrossoverSeed}. */
    String name();

    SeedType type();

    /** One line for users: what the signal means. */
    String description();

    List<GeneSpec> genes();

    /** How many bars the seed needs before it deploys at all, and at its best (see gating). */
    DataRequirement dataRequirement();

    /** Bars consumed before the first signal for these genes: signals before this index are 0. */
    int warmup(double[] genes);

    /** The signal per bar, one value per bar of {@code ctx.bars()}. */
    double[] signals(SeedContext ctx, double[] genes);

    /**
     * {@link #signals(SeedContext, double[])} written into {@code into} (every one of its {@code ctx.size()} values),
     * the same values: the hot path reuses one array per thread instead of a fresh one per genome. By default a copy.
     */
    default void signals(SeedContext ctx, double[] genes, double[] into) {
        double[] values = signals(ctx, genes);
        if (into.length != values.length) {
            throw new IllegalArgumentException("into has " + into.length + " values for " + values.length + " bars");
        }
        System.arraycopy(values, 0, into, 0, values.length);
    }

    /**
     * Groups of genes whose meaning needs an order: within each group, by name, values must strictly increase (an EMA
     * crossover's fast period below its slow one). Evolution keeps genomes in that order; none by default.
     */
    default List<List<String>> orderedGenes() {
        return List.of();
    }

    default double[] defaultGenes() {
        return Genes.defaults(genes());
    }
}
