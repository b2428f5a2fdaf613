package io.seedgrid.seeds.seed;

/**
 * How much history a seed needs, following the deployment guide. Each seed names its own requirement; where the
 * guide's lists by name and its rule by type disagree, the lists win (RSIFilter deploys immediately though it is
 * mean-reverting; BollingerBands needs 50 bars though it is a volatility seed). The verdicts these amounts lead to
 * are gating's ({@code DataSufficiency.recommend}).
 */
public enum DataRequirement {
    /** 20+ bars: deploy immediately; fewer: insufficient data. */
    IMMEDIATE(20, 20),
    /** 50+ bars: recommended; 20-49: cautious; fewer: insufficient data. */
    PATTERN(20, 50),
    /** 500+ bars: optimal; 200-499: acceptable; fewer: delay deployment. */
    MACHINE_LEARNING(200, 500);

    private final int minimum;
    private final int full;

    DataRequirement(int minimum, int full) {
        this.minimum = minimum;
        this.full = full;
    }

    /** Bars below which the seed is kept out. */
    public int minimum() {
        return minimum;
    }

    /** Bars at which the seed gets its best verdict: the guide's threshold. */
    public int threshold() {
        return full;
    }
}
