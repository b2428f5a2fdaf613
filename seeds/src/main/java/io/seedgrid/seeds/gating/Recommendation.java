package io.seedgrid.seeds.gating;

/** The deployment guide's verdicts on whether a seed has enough data for a symbol. */
public enum Recommendation {
    DEPLOY_IMMEDIATE(true),
    DEPLOY_RECOMMENDED(true),
    DEPLOY_CAUTIOUS(true),
    DEPLOY_OPTIMAL(true),
    DEPLOY_ACCEPTABLE(true),
    DELAY_DEPLOYMENT(false),
    INSUFFICIENT_DATA(false);

    private final boolean deployable;

    Recommendation(boolean deployable) {
        this.deployable = deployable;
    }

    /** Whether a seed with this verdict may be deployed or evolved. */
    public boolean deployable() {
        return deployable;
    }
}
