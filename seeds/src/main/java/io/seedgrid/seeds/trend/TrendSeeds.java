package io.seedgrid.seeds.trend;

import io.seedgrid.seeds.seed.Seed;

/** The trend-following seeds. */
public final class TrendSeeds {
    private TrendSeeds() {}

    public static Seed smaTrendFilter() {
        return new SmaTrendFilterSeed();
    }

    public static Seed ichimokuCloud() {
        return new IchimokuCloudSeed();
    }
}
