package io.seedgrid.storage;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.internal.Texts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The bars of a {@link CheckedStore}: arguments checked and normalised once, so backends can trust them. */
final class CheckedBarStore implements BarStore {
    private final Guard guard;
    private final BarStore backend;

    CheckedBarStore(Guard guard, BarStore backend) {
        this.guard = guard;
        this.backend = backend;
    }

    @Override
    public int writeBars(Bars bars) {
        Objects.requireNonNull(bars, "bars");
        if (bars.size() == 0) {
            guard.open();
            return 0;
        }
        return guard.call("write bars of " + bars.symbol() + " " + bars.timeframe(), () -> backend.writeBars(bars));
    }

    @Override
    public Bars readBars(String symbol, Timeframe timeframe, Instant fromInclusive, Instant toExclusive) {
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        if (fromInclusive != null && toExclusive != null && fromInclusive.isAfter(toExclusive)) {
            throw new IllegalArgumentException("empty range: from " + fromInclusive + " is after to " + toExclusive);
        }
        Instant from = Checks.ceilMillis(fromInclusive);
        Instant to = Checks.ceilMillis(toExclusive);
        if (to != null && (to.toEpochMilli() == Long.MIN_VALUE || (from != null && !from.isBefore(to)))) {
            guard.open();
            return Bars.of(
                    symbol,
                    timeframe,
                    new long[0],
                    new double[0],
                    new double[0],
                    new double[0],
                    new double[0],
                    new double[0]); // empty range; also keeps "to - 1 ms" from wrapping around
        }
        return guard.call(
                "read bars of " + symbol + " " + timeframe, () -> backend.readBars(symbol, timeframe, from, to));
    }

    @Override
    public List<SymbolSummary> listSymbols() {
        List<SymbolSummary> list = new ArrayList<>(guard.call("list symbols", backend::listSymbols));
        list.sort(Comparator.comparing(SymbolSummary::symbol, Texts.CODE_POINT_ORDER)
                .thenComparing(SymbolSummary::timeframe));
        return List.copyOf(list);
    }
}
