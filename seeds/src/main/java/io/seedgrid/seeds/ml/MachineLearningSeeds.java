package io.seedgrid.seeds.ml;

import io.seedgrid.seeds.seed.Seed;

/** The machine-learning seeds: models refitted walk-forward on features of past bars only. */
public final class MachineLearningSeeds {
    private MachineLearningSeeds() {}

    /** {@code LinearSVCClassifierSeed}: a linear SVM on the direction of the next {@code horizon} bars. */
    public static Seed linearSvcClassifier() {
        return new LinearSvcClassifierSeed();
    }

    /** {@code PCATreeQuantileSeed}: a CART tree on principal components predicting the forward-return quantile. */
    public static Seed pcaTreeQuantile() {
        return new PcaTreeQuantileSeed();
    }
}
