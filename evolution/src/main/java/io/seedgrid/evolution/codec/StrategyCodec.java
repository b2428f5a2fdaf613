package io.seedgrid.evolution.codec;

import io.seedgrid.seeds.gating.DataSufficiency;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps genomes (vectors of unit values in [0, 1]) to blended strategies and back.
 *
 * <p>Layout: for each seed, its genes in order, then its weight (only when there are several seeds: a lone seed
 * has weight 1); last, the entry and exit thresholds. A unit value {@code u} becomes {@code min + u (max - min)},
 * and for integer genes every whole value in the range gets an equal share of [0, 1]. A weight's unit value below
 * {@link #WEIGHT_OFF} switches the seed off (weight exactly 0), so evolution can drop seeds; above it, the rest of
 * [0, 1] maps onto weights (0, 1]. Genes a seed declares ordered ({@link Seed#orderedGenes()}) are decoded in that
 * order, so no strategy shows an inverted EMA crossover. A seed whose decoded genes need more bars than the run
 * knows ({@code knownBars}) could never speak: it is decoded with weight 0, so the strategy is shown, registered and
 * backtested as what it does.
 */
public final class StrategyCodec {
    public static final GeneSpec WEIGHT = GeneSpec.real("weight", 0, 1, 0.5);
    public static final GeneSpec ENTRY = GeneSpec.real("entry", 0.05, 0.9, 0.3);
    public static final GeneSpec EXIT = GeneSpec.real("exit", -0.5, 0.9, 0.0);
    /** Unit weight values below this decode to weight 0: the seed is off. */
    public static final double WEIGHT_OFF = 0.25;

    private final List<Seed> seeds;
    private final boolean weighted;
    private final int length;
    private final int knownBars;

    /** A codec whose seeds may need any number of bars. */
    public StrategyCodec(List<Seed> seeds) {
        this(seeds, Integer.MAX_VALUE);
    }

    /**
     * @param knownBars bars the strategies will be judged on: a seed whose genes need more is decoded with weight 0
     */
    public StrategyCodec(List<Seed> seeds, int knownBars) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a codec needs at least one seed");
        }
        if (knownBars < 0) {
            throw new IllegalArgumentException("known bars must be >= 0 but was " + knownBars);
        }
        this.knownBars = knownBars;
        this.seeds = List.copyOf(seeds);
        this.weighted = seeds.size() > 1;
        int n = 2;
        for (Seed seed : seeds) {
            n += seed.genes().size() + (weighted ? 1 : 0);
        }
        this.length = n;
    }

    public List<Seed> seeds() {
        return seeds;
    }

    /** Genome length. */
    public int length() {
        return length;
    }

    /** The strategy a genome stands for. */
    public BlendedStrategy decode(double[] genome) {
        if (genome.length != length) {
            throw new IllegalArgumentException("genome has " + genome.length + " values; this codec needs " + length);
        }
        int i = 0;
        List<SeedGenes> components = new ArrayList<>(seeds.size());
        for (Seed seed : seeds) {
            List<GeneSpec> specs = seed.genes();
            double[] genes = new double[specs.size()];
            for (int g = 0; g < genes.length; g++) {
                genes[g] = fromUnit(specs.get(g), genome[i++]);
            }
            genes = Genes.ordered(specs, seed.orderedGenes(), genes);
            double weight = weighted ? weightFromUnit(genome[i++]) : 1;
            if (weight > 0
                    && knownBars < Integer.MAX_VALUE
                    && !DataSufficiency.assess(seed, knownBars, genes).eligible()) {
                weight = 0; // silent on these bars whatever its weight: say so by the weight
            }
            components.add(new SeedGenes(seed, genes, weight));
        }
        double entry = fromUnit(ENTRY, genome[i++]);
        double exit = fromUnit(EXIT, genome[i]);
        return new BlendedStrategy(components, entry, exit);
    }

    /** A genome for {@code strategy}: the inverse of {@link #decode} (integer genes land mid-share). */
    public double[] encode(BlendedStrategy strategy) {
        if (strategy.components().size() != seeds.size()) {
            throw new IllegalArgumentException(
                    "strategy has " + strategy.components().size() + " seeds; codec has " + seeds.size());
        }
        double[] genome = new double[length];
        int i = 0;
        for (int s = 0; s < seeds.size(); s++) {
            SeedGenes component = strategy.components().get(s);
            if (!component.seed().name().equals(seeds.get(s).name())) {
                throw new IllegalArgumentException(
                        "seed " + s + " is " + component.seed().name() + ", codec expects "
                                + seeds.get(s).name());
            }
            double[] genes = component.genes();
            List<GeneSpec> specs = seeds.get(s).genes();
            for (int g = 0; g < genes.length; g++) {
                genome[i++] = toUnit(specs.get(g), genes[g]);
            }
            if (weighted) {
                genome[i++] = weightToUnit(component.weight());
            }
        }
        genome[i++] = toUnit(ENTRY, strategy.entry());
        genome[i] = toUnit(EXIT, strategy.exit());
        return genome;
    }

    /** The genome of every seed's default genes, equal weights and default thresholds. */
    public double[] defaultGenome() {
        List<SeedGenes> components = new ArrayList<>();
        for (Seed seed : seeds) {
            components.add(new SeedGenes(seed, seed.defaultGenes(), weighted ? WEIGHT.defaultValue() : 1));
        }
        return encode(new BlendedStrategy(components, ENTRY.defaultValue(), EXIT.defaultValue()));
    }

    /** Weight 0 below {@link #WEIGHT_OFF}, else the rest of [0, 1] spread over (0, 1]. */
    static double weightFromUnit(double u) {
        double unit = Math.max(0, Math.min(1, u));
        return unit < WEIGHT_OFF ? 0 : Math.max(Double.MIN_NORMAL, (unit - WEIGHT_OFF) / (1 - WEIGHT_OFF));
    }

    static double weightToUnit(double weight) {
        return weight == 0 ? WEIGHT_OFF / 2 : WEIGHT_OFF + weight * (1 - WEIGHT_OFF);
    }

    static double fromUnit(GeneSpec spec, double u) {
        double unit = Math.max(0, Math.min(1, u));
        if (spec.kind() == GeneSpec.Kind.INTEGER) {
            double span = spec.max() - spec.min() + 1;
            return Math.min(spec.max(), spec.min() + Math.floor(unit * span));
        }
        return spec.min() + unit * (spec.max() - spec.min());
    }

    static double toUnit(GeneSpec spec, double value) {
        if (spec.kind() == GeneSpec.Kind.INTEGER) {
            return (value - spec.min() + 0.5) / (spec.max() - spec.min() + 1);
        }
        return spec.max() == spec.min() ? 0.5 : (value - spec.min()) / (spec.max() - spec.min());
    }
}
