package io.seedgrid.seeds.strategy;

import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A strategy: the weighted mean of its seeds' signals, traded with an entry and an exit threshold.
 *
 * <p>Blend at bar t: {@code sum(w_i * s_i[t]) / sum(w_i)} over seeds with weight > 0 (all zero weights: no signal).
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
        if (!(entry > 0 && entry <= 1)) {
            throw new IllegalArgumentException("entry threshold must lie in (0, 1] but was " + entry);
        }
        if (!(exit >= -1 && exit <= 1)) {
            throw new IllegalArgumentException("exit threshold must lie in [-1, 1] but was " + exit);
        }
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

    /** Bars before the blend can speak: the longest warm-up among seeds that carry weight. */
    public int warmup() {
        int warmup = 0;
        for (SeedGenes c : components) {
            if (c.weight() > 0) {
                warmup = Math.max(warmup, c.warmup());
            }
        }
        return warmup;
    }

    /** The blended signal per bar of {@code ctx}; finite, in [-1, 1]. A lone weighted seed's signal is the blend. */
    public double[] signals(SeedContext ctx) {
        double totalWeight = 0;
        SeedGenes lone = null;
        int active = 0;
        for (SeedGenes c : components) {
            if (c.weight() > 0) {
                totalWeight += c.weight();
                lone = c;
                active++;
            }
        }
        if (active == 0) {
            return new double[ctx.size()];
        }
        if (active == 1) {
            return lone.signals(ctx);
        }
        double[] blend = null;
        for (SeedGenes c : components) {
            if (c.weight() <= 0) {
                continue;
            }
            double w = c.weight() / totalWeight;
            double[] s = c.signals(ctx);
            if (blend == null) {
                blend = new double[s.length];
            }
            for (int t = 0; t < blend.length; t++) {
                blend[t] += w * s[t];
            }
        }
        return blend;
    }

    @Override
    public String toString() {
        return components.stream().map(SeedGenes::toString).collect(Collectors.joining(" + "))
                + String.format(Locale.ROOT, " | entry %.3f exit %.3f", entry, exit);
    }
}
