package io.seedgrid.seeds.strategy;

/**
 * The one rule that turns a signal into a position: long when the signal reaches the entry threshold, flat again when
 * it falls to the exit threshold (or below); with shorts allowed, the mirror image, and a flip when the opposite entry
 * is reached. An exit above the entry is read as the entry. Positions are -1, 0 or 1.
 *
 * <p>The position decided at bar t depends on the signal at t and the position decided at t-1 only; bar 0 decides
 * nothing (flat). When it is taken is the backtest fill's business, not the rule's.
 */
public final class PositionRule {
    private final double entry;
    private final double exit;
    private final boolean allowShort;

    public PositionRule(double entry, double exit, boolean allowShort) {
        if (!(entry > 0 && entry <= 1)) {
            throw new IllegalArgumentException("entry threshold must lie in (0, 1] but was " + entry);
        }
        if (!(exit >= -1 && exit <= 1)) {
            throw new IllegalArgumentException("exit threshold must lie in [-1, 1] but was " + exit);
        }
        this.entry = entry;
        this.exit = Math.min(exit, entry);
        this.allowShort = allowShort;
    }

    /** The position decided after {@code held} on a bar whose signal is {@code signal}. */
    public double next(double held, double signal) {
        return next(held, signal, entry, exit, allowShort);
    }

    /** The rule unpacked, for the backtest's hot loop (thresholds checked by the caller; exit at most entry). */
    public static double next(double held, double s, double entry, double exit, boolean allowShort) {
        if (held == 0) {
            return s >= entry ? 1 : allowShort && s <= -entry ? -1 : 0;
        }
        if (held > 0) {
            return s > exit ? 1 : allowShort && s <= -entry ? -1 : 0;
        }
        return s < -exit ? -1 : s >= entry ? 1 : 0;
    }

    /** The position decided at every bar of {@code signal}: {@code decided[t]} is taken according to the fill. */
    public int[] decide(double[] signal) {
        int[] decided = new int[signal.length];
        double held = 0;
        for (int t = 1; t < signal.length; t++) {
            held = next(held, signal[t]);
            decided[t] = (int) held;
        }
        return decided;
    }
}
