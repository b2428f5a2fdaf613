package io.seedgrid.seeds.strategy;

import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A strategy: the weighted mean of its seeds' signals, traded with an entry and an exit threshold.
 *
 * <p>Blend at bar t: {@code sum(w_i * s_i[t]) / sum(w_i)} over the seeds with weight > 0 that are warmed up at t
 * (all zero weights: no signal). A seed joins the blend once it has its warm-up, as gating would let it: a seed
 * with a long warm-up never silences the others, and nothing looks ahead.
 * Long when the blend reaches {@code entry}, flat again when it falls to {@code exit} (or below); with shorts
 * allowed, the mirror image. An exit above the entry is read as the entry (no hysteresis).
 */
public final class BlendedStrategy {
    private final List<SeedGenes> components;
    private final double entry;
    private final double exit;

    public BlendedStrategy(List<SeedGenes> components, double entry, double exit) {
        if (components.isEmpty()) {
            throw new IllegalArgumentException("a strategy needs at least one seed");
        }
        this.components = List.copyOf(components);
        new PositionRule(entry, exit, false); // checks both thresholds
        this.entry = entry;
        this.exit = Math.min(exit, entry);
    }

    /** A single seed at full weight. */
    public static BlendedStrategy single(SeedGenes seed, double entry, double exit) {
        return new BlendedStrategy(List.of(Objects.requireNonNull(seed)), entry, exit);
    }

    public List<SeedGenes> components() {
        return components;
    }

    public double entry() {
        return entry;
    }

    public double exit() {
        return exit;
    }

    /** Bars before the blend can speak: the shortest warm-up among seeds that carry weight. */
    public int warmup() {
        int warmup = Integer.MAX_VALUE;
        for (SeedGenes c : components) {
            if (c.weight() > 0) {
                warmup = Math.min(warmup, c.warmup());
            }
        }
        return warmup == Integer.MAX_VALUE ? 0 : warmup;
    }

    /** The blended signal per bar of {@code ctx}; finite, in [-1, 1]. A lone weighted seed's signal is the blend. */
    public double[] signals(SeedContext ctx) {
        List<SeedGenes> weighted = components.stream().filter(c -> c.weight() > 0).toList();
        if (weighted.isEmpty()) {
            return new double[ctx.size()];
        }
        if (weighted.size() == 1) {
            return weighted.get(0).signals(ctx);
        }
        int n = ctx.size();
        double[] blend = new double[n];
        double[] weightFrom = new double[n + 1]; // weight joining at bar t, as a difference array
        for (SeedGenes c : weighted) {
            double w = c.weight();
            double[] s = c.signals(ctx); // 0 before the seed's warm-up, by the Seed contract
            for (int t = 0; t < n; t++) {
                blend[t] += w * s[t];
            }
            weightFrom[Math.min(c.warmup(), n)] += w;
        }
        double speaking = 0;
        for (int t = 0; t < n; t++) {
            speaking += weightFrom[t];
            blend[t] = speaking > 0 ? blend[t] / speaking : 0;
        }
        return blend;
    }

    /** The rule that turns this strategy's signal into positions. */
    public PositionRule positionRule(boolean allowShort) {
        return new PositionRule(entry, exit, allowShort);
    }

    /** Equal when every component and both thresholds are equal (bit for bit): the same signals and positions. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BlendedStrategy b && components.equals(b.components)
                && Double.compare(entry, b.entry) == 0 && Double.compare(exit, b.exit) == 0;
    }

    @Override
    public int hashCode() {
        return (components.hashCode() * 31 + Double.hashCode(entry)) * 31 + Double.hashCode(exit);
    }

    /**
     * For people: the weighted seeds with rounded weights and thresholds (seeds switched off are counted, not
     * listed); equality is exact.
     */
    @Override
    public String toString() {
        List<SeedGenes> weighted = components.stream().filter(c -> c.weight() > 0).toList();
        int off = components.size() - weighted.size();
        String seeds = weighted.isEmpty() ? "no weighted seed"
                : weighted.stream().map(SeedGenes::toString).collect(Collectors.joining(" + "));
        return seeds + (off > 0 ? " (" + off + (off == 1 ? " seed" : " seeds") + " off)" : "")
                + String.format(Locale.ROOT, " | entry %.3f exit %.3f", entry, exit);
    }
}
