package io.seedgrid.seeds.strategy;

import io.seedgrid.seeds.seed.SeedContext;
import java.util.Arrays;
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
        return signals(ctx, new double[ctx.size()], null);
    }

    /**
     * {@link #signals(SeedContext)} written into {@code into} (every value), the same values, with {@code scratch}
     * (null: allocated when needed) holding one seed's signal at a time: the hot path reuses both arrays.
     *
     * @return {@code into}
     */
    public double[] signals(SeedContext ctx, double[] into, double[] scratch) {
        int n = ctx.size();
        if (into.length != n || scratch != null && scratch.length != n) {
            throw new IllegalArgumentException("signal arrays must have " + n + " values, one per bar, but have "
                    + into.length + (scratch == null ? "" : " and " + scratch.length));
        }
        int count = 0;
        SeedGenes[] weighted = new SeedGenes[components.size()];
        for (SeedGenes c : components) {
            if (c.weight() > 0) {
                weighted[count++] = c;
            }
        }
        if (count == 0) {
            Arrays.fill(into, 0);
            return into;
        }
        if (count == 1) {
            weighted[0].signals(ctx, into);
            return into;
        }
        double[] s = scratch == null ? new double[n] : scratch;
        int[] joins = new int[count]; // warm-up of each weighted seed: it joins the blend there
        for (int i = 0; i < count; i++) {
            SeedGenes c = weighted[i];
            double w = c.weight();
            c.signals(ctx, s); // 0 before the seed's warm-up, by the Seed contract
            if (i == 0) {
                for (int t = 0; t < n; t++) {
                    into[t] = 0.0 + w * s[t]; // as added to a zeroed array
                }
            } else {
                for (int t = 0; t < n; t++) {
                    into[t] += w * s[t];
                }
            }
            joins[i] = Math.min(c.warmup(), n);
        }
        // The weight speaking at bar t: the weights joining at each warm-up summed in seed order, then added up over
        // the warm-ups in bar order, as a running sum over a difference array would; constant between warm-ups.
        int[] order = byJoin(joins);
        double speaking = 0;
        int from = 0;
        for (int k = 0; k < count; ) {
            int join = joins[order[k]];
            divide(into, from, join, speaking);
            double joining = 0;
            for (; k < count && joins[order[k]] == join; k++) {
                joining += weighted[order[k]].weight();
            }
            speaking += joining;
            from = join;
        }
        divide(into, from, n, speaking);
        return into;
    }

    /** Indices of {@code joins} by value, ties in index order. */
    private static int[] byJoin(int[] joins) {
        int[] order = new int[joins.length];
        for (int i = 0; i < order.length; i++) {
            int j = i;
            while (j > 0 && joins[order[j - 1]] > joins[i]) {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = i;
        }
        return order;
    }

    /** {@code blend[from, to)} divided by the weight speaking there (no weight: no signal). */
    private static void divide(double[] blend, int from, int to, double speaking) {
        if (speaking > 0) {
            for (int t = from; t < to; t++) {
                blend[t] = blend[t] / speaking;
            }
        } else {
            Arrays.fill(blend, from, to, 0);
        }
    }

    /** The rule that turns this strategy's signal into positions. */
    public PositionRule positionRule(boolean allowShort) {
        return new PositionRule(entry, exit, allowShort);
    }

    /** Equal when every component and both thresholds are equal (bit for bit): the same signals and positions. */
    @Override
    public boolean equals(Object other) {
        return other instanceof BlendedStrategy b
                && components.equals(b.components)
                && Double.compare(entry, b.entry) == 0
                && Double.compare(exit, b.exit) == 0;
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
        List<SeedGenes> weighted =
                components.stream().filter(c -> c.weight() > 0).toList();
        int off = components.size() - weighted.size();
        String seeds = weighted.isEmpty()
                ? "no weighted seed"
                : weighted.stream().map(SeedGenes::toString).collect(Collectors.joining(" + "));
        return seeds
                + (off > 0 ? " (" + off + (off == 1 ? " seed" : " seeds") + " off)" : "")
                + String.format(Locale.ROOT, " | entry %.3f exit %.3f", entry, exit);
    }
}
