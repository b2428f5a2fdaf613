package io.seedgrid.strategies;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What registering a strategy takes: a name, the definition, the bars it was evolved on (the registry backtests it on
 * them again, so its metrics are always those of this definition on these bars) and where it came from.
 *
 * @param name       1 to 64 characters: letters, digits, '.', '_' and '-', starting with a letter or digit
 * @param definition the strategy
 * @param bars       the bars it was evolved on, at least 2
 * @param runId      the run it came from, or null
 * @param rank       its rank in that run (>= 1), or 0 without a run
 * @param actor      who registers it (e.g. {@code cli:alice}), or null
 * @param judged     how many strategies its run judged out of sample (>= 1): the Bonferroni count of its
 *                   out-of-sample significance
 * @param trigger    why it was evolved, for versions a re-evolution made ({@code schedule}, {@code drift},
 *                   {@code decay}; lower-case letters, digits and '_'), or null
 */
public record NewStrategy(
        String name,
        StrategyDefinition definition,
        Bars bars,
        String runId,
        int rank,
        String actor,
        int judged,
        String trigger) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern TRIGGER = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    public NewStrategy {
        requireName(name);
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(bars, "bars");
        if (bars.size() < 2) {
            throw new IllegalArgumentException(
                    "bars must hold at least 2 bars but " + bars.symbol() + " has " + bars.size());
        }
        if (rank < 0 || (rank > 0) != (runId != null)) {
            throw new IllegalArgumentException("rank must be >= 1 with a run id and 0 without one but was " + rank);
        }
        if (judged < 1) {
            throw new IllegalArgumentException("judged must be >= 1 but was " + judged);
        }
        if (trigger != null && !TRIGGER.matcher(trigger).matches()) {
            throw new IllegalArgumentException(
                    "trigger must be 1 to 32 lower-case letters, digits or '_' but was '" + trigger + "'");
        }
    }

    /** A strategy from a run (or saved by hand), not re-evolved. */
    public NewStrategy(
            String name, StrategyDefinition definition, Bars bars, String runId, int rank, String actor, int judged) {
        this(name, definition, bars, runId, rank, actor, judged, null);
    }

    /** A strategy judged on its own (no selection among others). */
    public NewStrategy(String name, StrategyDefinition definition, Bars bars, String runId, int rank, String actor) {
        this(name, definition, bars, runId, rank, actor, 1, null);
    }

    /** Checks a strategy name and returns it. */
    public static String requireName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("strategy name must be 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit, but was " + (name == null ? "null" : "'" + name + "'"));
        }
        return name;
    }

    /** The default name of strategies evolved on {@code bars}: symbol and timeframe, e.g. {@code AAPL-1d}. */
    public static String defaultName(String symbol, Timeframe timeframe) {
        String safe = symbol.replaceAll("[^A-Za-z0-9._-]", "_");
        if (!Character.isLetterOrDigit(safe.charAt(0))) {
            safe = "s" + safe;
        }
        String name = safe + "-" + timeframe.label();
        return name.length() <= 64 ? name : name.substring(0, 64);
    }
}
