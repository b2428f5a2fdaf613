package io.seedgrid.strategies;

import com.fasterxml.jackson.databind.JsonNode;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.RunRecord;
import java.time.Instant;

/**
 * Finds the bars a run was evolved on: the stored bars of its symbol and timeframe (within the range its
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
        Bars stored = first == null ? store.readBars(run.symbol(), run.timeframe())
                : store.readBars(run.symbol(), run.timeframe(), first, last.plusMillis(1));
        if (stored.size() >= 2 && (count < 0 || stored.size() == count)) {
            return stored;
        }
        if (BundledData.contains(run.symbol())) {
            Bars bundled = BundledData.load(run.symbol());
            if (bundled.timeframe() == run.timeframe()) {
                Bars b = first == null ? bundled : slice(bundled, first, last);
                if (b.size() >= 2 && (count < 0 || b.size() == count)) {
                    return b;
                }
            }
        }
        throw new RegistryException("the bars run " + run.runId() + " was evolved on (" + run.symbol() + " "
                + run.timeframe() + (first != null ? ", " + count + " bars from " + first + " to " + last : "")
                + ") are neither stored nor bundled: ingest them ('seedgrid ingest') and save again");
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
