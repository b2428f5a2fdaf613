package io.seedgrid.seeds;

import io.seedgrid.seeds.meanreversion.MeanReversionSeeds;
import io.seedgrid.seeds.ml.MachineLearningSeeds;
import io.seedgrid.seeds.momentum.MomentumSeeds;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.trend.TrendSeeds;
import io.seedgrid.seeds.volatility.VolatilitySeeds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The registry of genetic seeds: every seed seedgrid knows, by name and by type. */
public final class Seeds {
    private static final List<Seed> ALL = List.of(
            MomentumSeeds.emaCrossover(),
            MomentumSeeds.stochasticOscillator(),
            VolatilitySeeds.volatilityScaling(),
            MeanReversionSeeds.rsiFilter(),
            MeanReversionSeeds.vwapReversion(),
            VolatilitySeeds.bollingerBands(),
            TrendSeeds.smaTrendFilter(),
            TrendSeeds.ichimokuCloud(),
            MachineLearningSeeds.linearSvcClassifier(),
            MachineLearningSeeds.pcaTreeQuantile());

    private Seeds() {}

    /** Every seed, in registry order. */
    public static List<Seed> all() {
        return ALL;
    }

    public static List<Seed> byType(SeedType type) {
        return ALL.stream().filter(seed -> seed.type() == type).toList();
    }

    /** The seed called {@code name}, case-insensitive, with or without the {@code Seed} suffix. */
    public static Seed byName(String name) {
        String wanted = normalise(name);
        for (Seed seed : ALL) {
            if (normalise(seed.name()).equals(wanted)) {
                return seed;
            }
        }
        throw new IllegalArgumentException("unknown seed '" + name + "'; seeds are "
                + ALL.stream().map(Seed::name).toList());
    }

    /** Seeds named in a comma-separated list, in the list's order, each once. Blank means all. */
    public static List<Seed> parse(String names) {
        if (names == null || names.isBlank()) {
            return ALL;
        }
        var chosen = new LinkedHashSet<Seed>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                chosen.add(byName(name.strip()));
            }
        }
        return new ArrayList<>(chosen);
    }

    private static String normalise(String name) {
        String lower = name.strip().toLowerCase(Locale.ROOT);
        return lower.endsWith("seed") ? lower.substring(0, lower.length() - 4) : lower;
    }
}
