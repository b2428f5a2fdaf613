package io.seedgrid.seeds.market;

import static io.seedgrid.seeds.market.SpreadEstimators.format;

import io.seedgrid.seeds.bars.Bars;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The effective bid-ask spread of a series as three estimators see it, and one chosen figure to charge as cost.
 *
 * @param roll          Roll (1984), from the serial covariance of close changes
 * @param corwinSchultz Corwin &amp; Schultz (2012), from the high-low ranges of one and two bars
 * @param abdiRanaldo   Abdi &amp; Ranaldo (2017), from closes against the mid-ranges around them
 * @param chosenBps     the spread to assume, in bps: the median of the defined estimates (the mean of two, the one of
 *                      one), never below {@link #FLOOR_BPS}; the floor when none is defined
 * @param choice        how {@code chosenBps} was chosen, in words with the figures
 */
public record SpreadEstimates(
        SpreadEstimate roll,
        SpreadEstimate corwinSchultz,
        SpreadEstimate abdiRanaldo,
        double chosenBps,
        String choice) {
    /** The least spread ever assumed: no market trades for free, and a zero cost invites churning. */
    public static final double FLOOR_BPS = 1;

    public SpreadEstimates {
        Objects.requireNonNull(roll, "roll");
        Objects.requireNonNull(corwinSchultz, "corwinSchultz");
        Objects.requireNonNull(abdiRanaldo, "abdiRanaldo");
        if (!(chosenBps >= FLOOR_BPS && chosenBps < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(
                    "chosen spread must be a finite number >= " + FLOOR_BPS + " bps but was " + chosenBps);
        }
        if (choice == null || choice.isBlank()) {
            throw new IllegalArgumentException("choice must say how the spread was chosen but was '" + choice + "'");
        }
    }

    /**
     * The three estimates on {@code bars} and the chosen spread. Bars without a trade ({@linkplain Bars#isFill fills}:
     * zero volume, flat at the previous close) are skipped by all three estimators; see {@link SpreadEstimators} for
     * each estimator's details.
     */
    public static SpreadEstimates of(Bars bars) {
        Objects.requireNonNull(bars, "bars");
        int[] traded = SpreadEstimators.traded(bars);
        return choose(
                SpreadEstimators.roll(bars, traded),
                SpreadEstimators.corwinSchultz(bars, traded),
                SpreadEstimators.abdiRanaldo(bars, traded));
    }

    /** The median of the defined estimates (mean of two), floored at {@link #FLOOR_BPS}, with the choice in words. */
    static SpreadEstimates choose(SpreadEstimate roll, SpreadEstimate corwinSchultz, SpreadEstimate abdiRanaldo) {
        List<SpreadEstimate> all = List.of(roll, corwinSchultz, abdiRanaldo);
        List<SpreadEstimate> defined =
                all.stream().filter(SpreadEstimate::defined).toList();
        String named = defined.stream()
                .map(e -> e.estimator() + format(" %.1f", e.spreadBps()))
                .collect(Collectors.joining(defined.size() == 2 ? " and " : ", "));
        String undefined = all.stream()
                .filter(e -> !e.defined())
                .map(SpreadEstimate::estimator)
                .collect(Collectors.joining(", "));
        String unused = undefined.isEmpty() ? "" : " (" + undefined + " undefined)";
        double[] values =
                defined.stream().mapToDouble(SpreadEstimate::spreadBps).sorted().toArray();
        double median;
        String choice;
        switch (values.length) {
            case 0 -> {
                return new SpreadEstimates(
                        roll,
                        corwinSchultz,
                        abdiRanaldo,
                        FLOOR_BPS,
                        format("no estimator is defined on these bars: the floor of %.0f bp", FLOOR_BPS));
            }
            case 1 -> {
                median = values[0];
                choice = named + " bps, the only defined estimate" + unused;
            }
            case 2 -> {
                median = (values[0] + values[1]) / 2;
                choice = "mean of " + named + " bps" + unused;
            }
            default -> {
                median = values[values.length / 2];
                choice = "median of " + named + " bps";
            }
        }
        if (median < FLOOR_BPS) {
            return new SpreadEstimates(
                    roll,
                    corwinSchultz,
                    abdiRanaldo,
                    FLOOR_BPS,
                    choice + format(" = %.2f, raised to the floor of %.0f bp", median, FLOOR_BPS));
        }
        return new SpreadEstimates(roll, corwinSchultz, abdiRanaldo, median, choice);
    }

    /** The three estimates in a fixed order: Roll, Corwin-Schultz, Abdi-Ranaldo. */
    public List<SpreadEstimate> all() {
        return List.of(roll, corwinSchultz, abdiRanaldo);
    }

    /** The slippage to charge per unit traded, in bps: half the chosen spread (one crossing from mid to bid or ask). */
    public double slippageBps() {
        return chosenBps / 2;
    }
}
