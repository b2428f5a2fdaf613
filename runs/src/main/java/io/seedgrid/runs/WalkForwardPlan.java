package io.seedgrid.runs;

/**
 * A walk-forward run's plan: the bars cut into {@code folds + 1} windows, fold i evolving on window i (or 0..i when
 * anchored) and trading its winner on window i + 1.
 *
 * @param folds    how many folds (>= 1)
 * @param anchored whether in-sample windows grow from the first bar instead of rolling
 */
public record WalkForwardPlan(int folds, boolean anchored) {

    public WalkForwardPlan {
        if (folds < 1) {
            throw new IllegalArgumentException("walk-forward folds must be >= 1 but was " + folds);
        }
    }
}
