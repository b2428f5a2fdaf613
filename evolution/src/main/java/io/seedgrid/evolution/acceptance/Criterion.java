package io.seedgrid.evolution.acceptance;

import java.util.Objects;

/**
 * One acceptance criterion's verdict on one strategy.
 *
 * @param name      e.g. {@code out_of_sample_sharpe}
 * @param value     what was measured (NaN when it could not be)
 * @param threshold what it was compared with
 * @param passed    whether the strategy met it
 * @param detail    the comparison in words, e.g. {@code out-of-sample Sharpe 1.42 >= 0.50}
 */
public record Criterion(String name, double value, double threshold, boolean passed, String detail) {
    public Criterion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return (passed ? "pass " : "FAIL ") + detail;
    }
}
