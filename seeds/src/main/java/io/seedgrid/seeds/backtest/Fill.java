package io.seedgrid.seeds.backtest;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * When a position decided at the close of bar t is taken. The decision itself is the same in every mode (the signal at
 * t, which uses bars up to t); only the price it is filled at moves.
 */
public enum Fill {
    /**
     * At the open of bar t+1, paying costs there: bar t+1's return is split at its open, the gap from close t to open
     * t+1 earned by the old position and the rest of the bar by the new one. The default.
     */
    NEXT_OPEN("next-open", "the position decided at the close of a bar is taken at the open of the next bar", false),
    /** At the close of bar t+1: one whole bar of delay, the conservative check. */
    NEXT_CLOSE("next-close", "the position decided at the close of a bar is taken at the close of the next bar", false),
    /**
     * At the very close that produced the signal: optimistic, since nobody trades at a price they learn only once it
     * is printed. Kept for daily bars traded with market-on-close orders.
     */
    CLOSE("close", "OPTIMISTIC: the position decided at the close of a bar is taken at that same close", true);

    private final String label;
    private final String meaning;
    private final boolean optimistic;

    Fill(String label, String meaning, boolean optimistic) {
        this.label = label;
        this.meaning = meaning;
        this.optimistic = optimistic;
    }

    /** {@code next-open}, {@code next-close} or {@code close}: the word users type. */
    public String label() {
        return label;
    }

    /** One sentence for reports: when a decided position is taken. */
    public String meaning() {
        return meaning;
    }

    /** Whether this fill is kinder than real trading could be (the close that produced the signal). */
    public boolean optimistic() {
        return optimistic;
    }

    /** Whole bars between the decision and the fill when the fill is at a close: 0 for close, 1 otherwise. */
    int lag() {
        return this == CLOSE ? 0 : 1;
    }

    /** Parses {@code next-open}, {@code next-close} or {@code close} (case-insensitive; '_' for '-' accepted). */
    public static Fill parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Fill f : values()) {
            if (f.label.equals(t)) {
                return f;
            }
        }
        throw new IllegalArgumentException("fill must be one of "
                + Arrays.stream(values()).map(Fill::label).collect(Collectors.joining(", ")) + " but was '" + text
                + "'");
    }

    @Override
    public String toString() {
        return label;
    }
}
