package io.seedgrid.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.RunRecord;
import java.time.Instant;

/**
 * Finds the bars a run (or a strategy registered from one) was evolved on: the stored bars of its symbol and timeframe (within the range its
 * configuration recorded, when it did), else the bundled data of that symbol. The caller checks they reproduce the
 * run's results.
 */
final class RunBars {
    private RunBars() {
    }

    static Bars locate(BarStore store, RunRecord run, JsonNode config) {
        JsonNode range = config.path("bars");
        Instant first = null;
        Instant last = null;
        int count = -1;
        if (range.isObject() && range.hasNonNull("first_bar") && range.hasNonNull("last_bar")) {
            first = Instant.parse(range.get("first_bar").asText());
            last = Instant.parse(range.get("last_bar").asText());
            count = range.path("count").asInt(-1);
        }
        return locate(store, run.symbol(), run.timeframe(), first, last, count, "run " + run.runId() + " was");
    }

    /** The bars a registered strategy was evolved on, by the same rules. */
    static Bars locate(BarStore store, EvolvedOn on) {
        return locate(store, on.symbol(), on.timeframe(), on.firstBar(), on.lastBar(), on.bars(), "the strategy was");
    }

    /**
     * The stored bars of {@code symbol} in [first, last] (all when first is null), else the bundled ones; {@code count}
     * of them when it is not negative.
     */
    private static Bars locate(BarStore store, String symbol, Timeframe timeframe, Instant first, Instant last, int count,
            String who) {
        Bars stored = first == null ? store.readBars(symbol, timeframe)
                : store.readBars(symbol, timeframe, first, last.plusMillis(1));
        if (stored.size() >= 2 && (count < 0 || stored.size() == count)) {
            return stored;
        }
        if (BundledData.contains(symbol)) {
            Bars bundled = BundledData.load(symbol);
            if (bundled.timeframe() == timeframe) {
                Bars b = first == null ? bundled : slice(bundled, first, last);
                if (b.size() >= 2 && (count < 0 || b.size() == count)) {
                    return b;
                }
            }
        }
        throw new RegistryException("the bars " + who + " evolved on (" + symbol + " " + timeframe
                + (first != null ? ", " + count + " bars from " + first + " to " + last : "")
                + ") are neither stored nor bundled: ingest them ('seedgrid ingest') and try again");
    }

    private static Bars slice(Bars bars, Instant first, Instant last) {
        int from = 0;
        while (from < bars.size() && bars.endTime(from).isBefore(first)) {
            from++;
        }
        int to = from;
        while (to < bars.size() && !bars.endTime(to).isAfter(last)) {
            to++;
        }
        return bars.slice(from, to);
    }
}
