package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * What an ingest did.
 *
 * @param source     the file or bundled data set read
 * @param symbol     the symbol stored under
 * @param timeframe  the timeframe stored under
 * @param rowsRead   data rows read (bars, or trades when trades were aggregated)
 * @param bars       bars in the input after parsing (and aggregation)
 * @param stored     bars that were new or changed and so were written
 * @param unchanged  bars already stored with the same values (re-ingest), skipped
 * @param first      end time of the first input bar, or null when there were none
 * @param last       end time of the last input bar, or null when there were none
 * @param millis     wall time of the ingest (parse and store)
 * @param warnings   what was stored but deserves a look (large gaps between bars, where and how long), one line
 *                   each; empty when nothing does
 */
public record IngestResult(
        String source,
        String symbol,
        Timeframe timeframe,
        long rowsRead,
        int bars,
        int stored,
        int unchanged,
        Instant first,
        Instant last,
        long millis,
        List<String> warnings) {

    public IngestResult {
        warnings = List.copyOf(warnings);
    }

    /** One line for a terminal. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%s -> %s %s: %d rows read, %d bars, %d stored, %d unchanged (%s .. %s) in %d ms",
                source,
                symbol,
                timeframe,
                rowsRead,
                bars,
                stored,
                unchanged,
                first,
                last,
                millis);
    }
}
