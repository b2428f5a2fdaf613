package io.seedgrid.seeds.volatility;

import io.seedgrid.seeds.seed.Seed;

/** The volatility seeds. */
public final class VolatilitySeeds {
    private VolatilitySeeds() {}

    public static Seed volatilityScaling() {
        return new VolatilityScalingSeed();
    }

    public static Seed bollingerBands() {
        return new BollingerBandsSeed();
    }
}
