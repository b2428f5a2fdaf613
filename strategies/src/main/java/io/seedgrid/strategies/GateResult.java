package io.seedgrid.strategies;

import java.util.Objects;

/**
 * One promotion gate's verdict.
 *
 * @param gate      the gate: {@code out_of_sample_sharpe}, {@code max_drawdown}, {@code data_sufficiency},
 *                  {@code canary_period} or {@code canary_returns}
 * @param passed    whether it let the promotion through
 * @param measured  what was measured (Sharpe ratio, drawdown, bars, p-value)
 * @param threshold what it was compared with
 * @param detail    one line: the comparison in words
 */
public record GateResult(String gate, boolean passed, double measured, double threshold, String detail) {
    public GateResult {
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return (passed ? "passed " : "FAILED ") + gate + ": " + detail;
    }
}
