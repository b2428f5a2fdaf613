package io.seedgrid.seeds.meanreversion;

import io.seedgrid.seeds.seed.Seed;

/** The mean-reversion seeds. */
public final class MeanReversionSeeds {
    private MeanReversionSeeds() {}

    public static Seed rsiFilter() {
        return new RsiFilterSeed();
    }

    public static Seed vwapReversion() {
        return new VwapReversionSeed();
    }
}
