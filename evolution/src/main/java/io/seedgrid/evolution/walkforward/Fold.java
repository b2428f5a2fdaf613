package io.seedgrid.evolution.walkforward;

import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.seeds.backtest.Metrics;
import java.time.Instant;

/**
 * One walk-forward fold: evolution saw bars {@code [inSampleFrom, inSampleTo)} only (earlier bars warmed indicators
 * up); its best strategy was then traded, unchanged, on {@code [inSampleTo, outOfSampleTo)}.
 *
 * @param index          0-based
 * @param inSampleFrom   first in-sample bar
 * @param inSampleTo     first out-of-sample bar
 * @param outOfSampleTo  bar after the last out-of-sample bar
 * @param run            the fold's evolution, with its gating, generations, top strategies and selection bias
 */
public record Fold(
        int index,
        int inSampleFrom,
        int inSampleTo,
        int outOfSampleTo,
        Instant inSampleStart,
        Instant outOfSampleStart,
        Instant outOfSampleEnd,
        RunResult run) {

    public RankedStrategy best() {
        return run.best().orElseThrow();
    }

    public Metrics inSample() {
        return best().fitness().inSample();
    }

    public Metrics outOfSample() {
        return best().fitness().outOfSample();
    }
}
