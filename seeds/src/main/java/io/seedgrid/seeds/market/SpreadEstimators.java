package io.seedgrid.seeds.market;

import io.seedgrid.seeds.bars.Bars;
import java.util.Arrays;
import java.util.Locale;

/**
 * The three spread estimators, implemented from their papers. All work in log prices, so a spread is relative to
 * price; all skip bars without a trade (see {@link #traded}).
 */
final class SpreadEstimators {
    static final String ROLL = "Roll";
    static final String CORWIN_SCHULTZ = "Corwin-Schultz";
    static final String ABDI_RANALDO = "Abdi-Ranaldo";
    private static final double BPS = 10_000;
    // Corwin & Schultz's constant 3 - 2 sqrt(2).
    private static final double CS_K = 3 - 2 * Math.sqrt(2);

    private SpreadEstimators() {}

    /**
     * Indices of the bars that carry information about the spread: all but {@linkplain Bars#isFill fills} (zero
     * volume, flat at the previous close: minutes without a trade as {@code TradeAggregator} fills them). Their range
     * of zero and their repeated close say nothing about bid and ask, and keeping them would pull every estimate
     * towards zero (for Roll, a zero change makes two zero products). The estimators see the remaining bars as
     * consecutive. A zero-volume flat bar at a new price is kept: its close is a real move.
     */
    static int[] traded(Bars bars) {
        int[] kept = new int[bars.size()];
        int k = 0;
        for (int i = 0; i < bars.size(); i++) {
            if (!bars.isFill(i)) {
                kept[k++] = i;
            }
        }
        return Arrays.copyOf(kept, k);
    }

    /**
     * Roll (1984): with trades alternating at random between bid and ask, the serial covariance of price changes
     * is {@code -S^2 / 4}, so {@code S = 2 sqrt(-cov(dp_t, dp_t-1))}, on changes of the log close. The covariance is
     * the sample one (means of each leg, n - 1 denominator). Undefined when it is >= 0.
     */
    static SpreadEstimate roll(Bars bars, int[] kept) {
        int changes = kept.length - 1;
        int pairs = changes - 1;
        if (pairs < 2) {
            return SpreadEstimate.undefined(
                    ROLL,
                    Math.max(pairs, 0),
                    "needs at least 4 traded bars (2 serial pairs of changes) but has " + kept.length);
        }
        double[] dp = new double[changes];
        for (int j = 0; j < changes; j++) {
            dp[j] = Math.log(bars.close(kept[j + 1])) - Math.log(bars.close(kept[j]));
        }
        double meanNow = 0;
        double meanBefore = 0;
        for (int j = 1; j < changes; j++) {
            meanNow += dp[j];
            meanBefore += dp[j - 1];
        }
        meanNow /= pairs;
        meanBefore /= pairs;
        double sum = 0;
        for (int j = 1; j < changes; j++) {
            sum += (dp[j] - meanNow) * (dp[j - 1] - meanBefore);
        }
        double cov = sum / (pairs - 1);
        if (!(cov < 0)) {
            return SpreadEstimate.undefined(
                    ROLL,
                    pairs,
                    "positive serial covariance of changes (" + format("%.3g", cov) + "): Roll is undefined");
        }
        return new SpreadEstimate(
                ROLL,
                2 * Math.sqrt(-cov) * BPS,
                pairs,
                "serial covariance " + format("%.3g", cov) + " of " + pairs + " pairs of close-to-close log changes");
    }

    /**
     * Corwin &amp; Schultz (2012): the high-low range of one bar holds variance plus the spread, that of two bars
     * twice the variance plus the spread. Per pair of consecutive bars: {@code beta} = sum of the two squared log
     * ranges, {@code gamma} = squared log range of the pair, {@code alpha = (sqrt(2 beta) - sqrt(beta)) / (3 - 2
     * sqrt 2) - sqrt(gamma / (3 - 2 sqrt 2))}, {@code S = 2 (e^alpha - 1) / (1 + e^alpha)}; negative pair estimates
     * are set to 0 and the pairs averaged, as the paper does.
     *
     * <p>The paper's overnight adjustment is applied to every pair: when the second bar's range lies wholly above
     * (below) the first bar's close, its high and low are shifted down (up) by the gap before {@code gamma}, so a move
     * between bars that neither range saw does not pass for variance. For daily equity bars that gap is the night;
     * for bars built from trade prints it is the time between the last print of one bar and the first of the next.
     * {@code beta} keeps each bar's own range.
     */
    static SpreadEstimate corwinSchultz(Bars bars, int[] kept) {
        int pairs = kept.length - 1;
        if (pairs < 1) {
            return SpreadEstimate.undefined(CORWIN_SCHULTZ, 0, "needs at least 2 traded bars but has " + kept.length);
        }
        double sum = 0;
        int negative = 0;
        int adjusted = 0;
        for (int j = 0; j < pairs; j++) {
            int a = kept[j];
            int b = kept[j + 1];
            double closeA = bars.close(a);
            double gap = Math.max(0, closeA - bars.high(b)) + Math.min(0, closeA - bars.low(b));
            if (gap != 0) {
                adjusted++;
            }
            double rangeA = Math.log(bars.high(a) / bars.low(a));
            double rangeB = Math.log(bars.high(b) / bars.low(b));
            double beta = rangeA * rangeA + rangeB * rangeB;
            double pairRange =
                    Math.log(Math.max(bars.high(a), bars.high(b) + gap) / Math.min(bars.low(a), bars.low(b) + gap));
            double gamma = pairRange * pairRange;
            double alpha = (Math.sqrt(2 * beta) - Math.sqrt(beta)) / CS_K - Math.sqrt(gamma / CS_K);
            double s = 2 * (Math.exp(alpha) - 1) / (1 + Math.exp(alpha));
            if (s < 0) {
                negative++;
            } else {
                sum += s;
            }
        }
        return new SpreadEstimate(
                CORWIN_SCHULTZ,
                sum / pairs * BPS,
                pairs,
                format(
                        "%d pairs of bars, %.0f%% of them " + "negative and set to 0, %.0f%% gap-adjusted",
                        pairs, 100.0 * negative / pairs, 100.0 * adjusted / pairs));
    }

    /**
     * Abdi &amp; Ranaldo (2017): with {@code eta_t = (ln H_t + ln L_t) / 2} the mid-range as a proxy for the efficient
     * price, {@code s^2 = 4 E[(c_t - eta_t)(c_t - eta_t+1)]} over pairs of consecutive bars ({@code c} the log
     * close). As in the paper's main (monthly) estimator the mean is taken first and then floored:
     * {@code s = sqrt(max(s^2, 0))}; a negative mean gives a defined spread of 0.
     */
    static SpreadEstimate abdiRanaldo(Bars bars, int[] kept) {
        int pairs = kept.length - 1;
        if (pairs < 1) {
            return SpreadEstimate.undefined(ABDI_RANALDO, 0, "needs at least 2 traded bars but has " + kept.length);
        }
        double sum = 0;
        for (int j = 0; j < pairs; j++) {
            int a = kept[j];
            int b = kept[j + 1];
            double c = Math.log(bars.close(a));
            double etaA = (Math.log(bars.high(a)) + Math.log(bars.low(a))) / 2;
            double etaB = (Math.log(bars.high(b)) + Math.log(bars.low(b))) / 2;
            sum += (c - etaA) * (c - etaB);
        }
        double s2 = 4 * sum / pairs;
        if (s2 < 0) {
            return new SpreadEstimate(
                    ABDI_RANALDO,
                    0,
                    pairs,
                    format(
                            "negative mean product (s^2 = %.3g) over %d pairs "
                                    + "of bars: floored at 0 as the paper does",
                            s2, pairs));
        }
        return new SpreadEstimate(
                ABDI_RANALDO, Math.sqrt(s2) * BPS, pairs, format("s^2 = %.3g over %d pairs of bars", s2, pairs));
    }

    static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
