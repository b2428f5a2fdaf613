package io.seedgrid.seeds.backtest;

import java.io.Serializable;

/**
 * A backtest's verdict: metrics on the in-sample bars (what evolution may look at) and on the held-out bars after
 * {@code splitIndex} (what it may not), side by side.
 */
public record BacktestResult(Metrics inSample, Metrics outOfSample, int splitIndex, int warmup)
        implements Serializable {}
