package io.seedgrid.seeds.backtest;

import io.seedgrid.seeds.Requires;

/**
 * Trading costs in basis points of the notional traded: a fee and a slippage, charged on every unit of position
 * change (entering a long and leaving it costs twice; a flip from long to short twice as much as an exit).
 */
public record CostModel(double feeBps, double slippageBps) {
    public static final double DEFAULT_FEE_BPS = 10;
    public static final double DEFAULT_SLIPPAGE_BPS = 5;
    public static final CostModel DEFAULT = new CostModel(DEFAULT_FEE_BPS, DEFAULT_SLIPPAGE_BPS);
    public static final CostModel FREE = new CostModel(0, 0);

    public CostModel {
        Requires.inHalfOpenRange("fee (bps)", feeBps, 0, 10_000);
        Requires.inHalfOpenRange("slippage (bps)", slippageBps, 0, 10_000);
    }

    /** Cost per unit of position change, as a fraction of equity. */
    public double perUnitTurnover() {
        return (feeBps + slippageBps) / 10_000;
    }
}
