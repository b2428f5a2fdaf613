package io.seedgrid.strategies;

/**
 * The position a signal series asks for at each bar, by the backtest's rules: long when the signal reaches the entry
 * threshold, flat again when it falls to the exit threshold (or below); with shorts, the mirror image. The position
 * at bar t is decided at its close, from signals up to t; bar 0 decides nothing.
 */
final class Positions {
    private Positions() {
    }

    static int[] replay(double[] signal, double entry, double exit, boolean allowShort) {
        double exitLevel = Math.min(exit, entry);
        int[] position = new int[signal.length];
        int held = 0;
        for (int t = 1; t < signal.length; t++) {
            double s = signal[t];
            int next;
            if (held == 0) {
                next = s >= entry ? 1 : allowShort && s <= -entry ? -1 : 0;
            } else if (held > 0) {
                next = s > exitLevel ? 1 : allowShort && s <= -entry ? -1 : 0;
            } else {
                next = s < -exitLevel ? -1 : s >= entry ? 1 : 0;
            }
            position[t] = next;
            held = next;
        }
        return position;
    }
}
