package io.seedgrid.strategies;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Two versions side by side over the live bars they have in common (bars after both went live, SHADOW included, with
 * both their signals stored): what each realised, how often they held the same position, and a paired test of the
 * per-bar return difference.
 *
 * @param a           the first version's id
 * @param b           the second's
 * @param bars        common live bars
 * @param from        end time of the first common bar (empty without any)
 * @param to          end time of the last
 * @param sharpeA     realised Sharpe ratio of {@code a}, annualised (0 without variation)
 * @param sharpeB     of {@code b}
 * @param returnA     compounded realised return of {@code a}
 * @param returnB     of {@code b}
 * @param drawdownA   maximum drawdown of {@code a}'s realised equity
 * @param drawdownB   of {@code b}'s
 * @param agreement   share of common bars on which both decided the same position (NaN without bars)
 * @param meanDifference mean per-bar return of {@code a} less {@code b} (NaN without bars)
 * @param t           the paired t statistic of the difference (NaN with fewer than 2 bars)
 * @param pTwoSided   two-sided p-value of "their mean returns differ" (NaN with fewer than 2 bars)
 * @param pAWorse     one-sided p-value of "{@code a} earns less than {@code b}" (NaN with fewer than 2 bars)
 */
public record Comparison(
        String a,
        String b,
        int bars,
        Optional<Instant> from,
        Optional<Instant> to,
        double sharpeA,
        double sharpeB,
        double returnA,
        double returnB,
        double drawdownA,
        double drawdownB,
        double agreement,
        double meanDifference,
        double t,
        double pTwoSided,
        double pAWorse) {

    public Comparison {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (bars < 0) {
            throw new IllegalArgumentException("bars must be >= 0 but was " + bars);
        }
    }
}
