package io.seedgrid.strategies;

import io.seedgrid.runs.BarRange;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.Store;
import java.time.Instant;
import java.util.Objects;

/**
 * The data a strategy was evolved and backtested on.
 *
 * @param symbol           the bars' symbol
 * @param timeframe        their timeframe
 * @param bars             how many
 * @param firstBar         end time of the first bar
 * @param lastBar          end time of the last bar
 * @param splitIndex       index of the first out-of-sample bar
 * @param outOfSampleFrom  end time of the first out-of-sample bar (the last bar when nothing is held out)
 */
public record EvolvedOn(
        String symbol,
        Timeframe timeframe,
        int bars,
        Instant firstBar,
        Instant lastBar,
        int splitIndex,
        Instant outOfSampleFrom) {

    public EvolvedOn {
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        if (bars < 2) {
            throw new IllegalArgumentException("a strategy needs at least 2 bars of history but had " + bars);
        }
        if (splitIndex < 0 || splitIndex > bars) {
            throw new IllegalArgumentException("split index must lie in [0, " + bars + "] but was " + splitIndex);
        }
        Objects.requireNonNull(firstBar, "firstBar");
        Objects.requireNonNull(lastBar, "lastBar");
        Objects.requireNonNull(outOfSampleFrom, "outOfSampleFrom");
    }

    /**
     * These bars, read again: the stored ones of this symbol and timeframe in this range, else the bundled data.
     *
     * @throws RegistryException when neither has them all
     */
    public Bars locate(Store store) {
        BarRange range = new BarRange(firstBar, lastBar, bars);
        Bars stored = store.bars().readBars(symbol, timeframe, firstBar, lastBar.plusMillis(1));
        if (stored.size() == bars) {
            return stored;
        }
        if (BundledData.contains(symbol) && BundledData.load(symbol).timeframe() == timeframe) {
            try {
                return range.select(BundledData.load(symbol));
            } catch (IllegalStateException notThem) {
                // the bundled data are other bars: refused below
            }
        }
        throw new RegistryException("the bars the strategy was evolved on (" + symbol + " " + timeframe + ", " + bars
                + " bars from " + firstBar + " to " + lastBar + ") are neither stored nor bundled: ingest them"
                + " ('seedgrid ingest') and try again");
    }

    static EvolvedOn of(Bars bars, int split) {
        return new EvolvedOn(
                bars.symbol(),
                bars.timeframe(),
                bars.size(),
                bars.endTime(0),
                bars.endTime(bars.size() - 1),
                split,
                bars.endTime(Math.min(split, bars.size() - 1)));
    }
}
