package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import java.time.Instant;
import java.util.List;

/** Market bars by (symbol, timeframe, end time). The rules of {@link Store} apply. */
public interface BarStore {

    /**
     * Upserts {@code bars} by (symbol, timeframe, end time): new bars are added, stored bars with the same end time
     * are replaced. All or nothing. Writing the same bars again changes nothing.
     *
     * @return how many bars were new or had different values (0 when everything was already stored as given)
     */
    int writeBars(Bars bars);

    /**
     * The stored bars of {@code symbol} and {@code timeframe} ending in {@code [fromInclusive, toExclusive)}, in time
     * order. A null bound leaves that side open. A range, symbol or timeframe with no bars gives an <em>empty</em>
     * {@link Bars} (size 0), not an error; {@code fromInclusive} after {@code toExclusive} is an
     * {@link IllegalArgumentException}.
     */
    Bars readBars(String symbol, Timeframe timeframe, Instant fromInclusive, Instant toExclusive);

    /** All stored bars of {@code symbol} and {@code timeframe}; empty when there are none. */
    default Bars readBars(String symbol, Timeframe timeframe) {
        return readBars(symbol, timeframe, null, null);
    }

    /** One summary per stored (symbol, timeframe), ordered by symbol (code point order) then timeframe. */
    List<SymbolSummary> listSymbols();
}
