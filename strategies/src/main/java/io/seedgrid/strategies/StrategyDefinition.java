package io.seedgrid.strategies;

import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.Backtest;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.PositionRule;
import io.seedgrid.seeds.strategy.SeedGenes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything that decides a strategy's signals and how it was judged: its seeds with genes and weights, the entry and
 * exit thresholds, and the backtest settings (fill, costs, shorting, held-out share) that every replay of it uses. Checked on construction: every seed
 * is registered, every gene named and within its range.
 *
 * @param components the seeds of the blend, in order
 * @param entry      threshold to open a position, in (0, 1]
 * @param exit       threshold to close it, in [-1, 1] (read as at most {@code entry})
 * @param settings   how it is backtested: fill, costs, direction, held-out share (stored whole)
 */
public record StrategyDefinition(List<Component> components, double entry, double exit, BacktestSettings settings) {

    /**
     * One seed of the blend.
     *
     * @param seed   the registered seed's name, e.g. {@code EMACrossoverSeed}
     * @param weight its weight in [0, 1]
     * @param genes  every gene of the seed by name, in the seed's order
     */
    public record Component(String seed, double weight, Map<String, Double> genes) {
        public Component {
            Seed s = Seeds.byName(Objects.requireNonNull(seed, "seed"));
            seed = s.name();
            Objects.requireNonNull(genes, "genes of " + seed);
            Map<String, Double> ordered = new LinkedHashMap<>();
            for (GeneSpec spec : s.genes()) {
                Double value = genes.get(spec.name());
                if (value == null) {
                    throw new IllegalArgumentException("gene " + spec.name() + " of " + seed + " is missing; genes are "
                            + s.genes().stream().map(GeneSpec::name).toList());
                }
                ordered.put(spec.name(), spec.require(value));
            }
            for (String name : genes.keySet()) {
                Genes.indexOf(s.genes(), name); // unknown gene names are refused with the known ones
            }
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("weight of " + seed + " must lie in [0, 1] but was " + weight);
            }
            genes = Collections.unmodifiableMap(ordered);
        }

        SeedGenes seedGenes() {
            Seed s = Seeds.byName(seed);
            return new SeedGenes(
                    s, genes.values().stream().mapToDouble(Double::doubleValue).toArray(), weight);
        }
    }

    public StrategyDefinition {
        Objects.requireNonNull(components, "components");
        components = List.copyOf(components);
        Objects.requireNonNull(settings, "settings");
        strategy(components, entry, exit); // checks the blend as a whole (at least one seed, thresholds)
    }

    /** The definition of {@code strategy}, backtested with {@code settings}. */
    public static StrategyDefinition of(BlendedStrategy strategy, BacktestSettings settings) {
        List<Component> components = new ArrayList<>();
        for (SeedGenes c : strategy.components()) {
            components.add(new Component(
                    c.seed().name(), c.weight(), Genes.named(c.seed().genes(), c.genes())));
        }
        return new StrategyDefinition(components, strategy.entry(), strategy.exit(), settings);
    }

    /** The strategy itself: what computes signals. */
    public BlendedStrategy strategy() {
        return strategy(components, entry, exit);
    }

    private static BlendedStrategy strategy(List<Component> components, double entry, double exit) {
        return new BlendedStrategy(components.stream().map(Component::seedGenes).toList(), entry, exit);
    }

    /** The backtest it is judged by. */
    public Backtest backtest() {
        return settings.backtest();
    }

    /** The rule that turns its signals into positions. */
    public PositionRule positionRule() {
        return new PositionRule(entry, exit, settings.allowShort());
    }

    /** Its seeds' names, in order. */
    public List<String> seedNames() {
        return components.stream().map(Component::seed).toList();
    }

    /** {@code EMACrossoverSeed(fast=12,slow=26) x 1.00 | entry 0.300 exit 0.000}. */
    public String describe() {
        return strategy().toString();
    }
}
