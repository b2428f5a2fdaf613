package io.seedgrid.seeds.momentum;

import io.seedgrid.seeds.seed.Seed;

/** The momentum seeds. */
public final class MomentumSeeds {
    private MomentumSeeds() {}

    public static Seed emaCrossover() {
        return new EmaCrossoverSeed();
    }

    public static Seed stochasticOscillator() {
        return new StochasticOscillatorSeed();
    }
}
