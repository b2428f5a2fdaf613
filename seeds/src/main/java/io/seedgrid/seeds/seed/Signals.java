package io.seedgrid.seeds.seed;

/** Turning raw seed scores into signals in [-1, 1]. */
public final class Signals {
    private Signals() {}

    /**
     * Soft sign: {@code x / (1 + |x|)}, odd, monotone, in (-1, 1), 0.5 at {@code x = 1}. NaN (warm-up) gives 0.
     * Cheaper than tanh on the hot path.
     */
    public static double squash(double x) {
        return Double.isNaN(x) ? 0 : x / (1 + Math.abs(x));
    }

    /** {@code x} clipped to [-1, 1]; NaN gives 0. */
    public static double clip(double x) {
        return Double.isNaN(x) ? 0 : Math.max(-1, Math.min(1, x));
    }
}
