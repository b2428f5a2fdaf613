package io.seedgrid.seeds.seed;

/** The family a seed's signal belongs to. */
public enum SeedType {
    MOMENTUM,
    VOLATILITY,
    MEAN_REVERSION,
    TREND_FOLLOWING,
    ML_CLASSIFIER
}
