package io.seedgrid.runs;

import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.CsvBarsLoader;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.seeds.market.SimulatedMarket;
import io.seedgrid.storage.BarStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a run's bars come from, so they can be loaded again: stored bars (by symbol and timeframe), bundled real
 * data, a CSV file, or a simulated market rebuilt from its kind and seed; then resampled when {@code resample} says.
 *
 * @param kind          stored, bundled, file or simulated
 * @param symbol        the bars' symbol
 * @param timeframe     the timeframe of the bars as loaded (before any resampling)
 * @param path          the CSV file (file), the market's kind: trend or bounce (simulated); empty otherwise
 * @param trades        whether the file holds trade ticks to aggregate into bars
 * @param resample      the coarser timeframe the bars were resampled to, if any
 * @param simulatedSeed the simulated market's random seed (simulated only)
 */
public record DataSource(
        Kind kind,
        String symbol,
        Timeframe timeframe,
        Optional<String> path,
        boolean trades,
        Optional<Timeframe> resample,
        OptionalLong simulatedSeed) {

    /** The four places bars come from. */
    public enum Kind {
        STORED,
        BUNDLED,
        FILE,
        SIMULATED;

        /** Its name in lower case, as recorded. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String text) {
            for (Kind k : values()) {
                if (k.label().equals(text)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "data source kind must be stored, bundled, file or simulated but was '" + text + "'");
        }
    }

    public DataSource {
        Objects.requireNonNull(kind, "kind");
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(resample, "resample");
        Objects.requireNonNull(simulatedSeed, "simulatedSeed");
        if ((kind == Kind.FILE || kind == Kind.SIMULATED) && path.isEmpty()) {
            throw new IllegalArgumentException(
                    "a " + kind.label() + " data source needs a " + (kind == Kind.FILE ? "file path" : "market kind"));
        }
        if (kind == Kind.SIMULATED) {
            path = Optional.of(market(path.get()));
        }
        if (trades && kind != Kind.FILE) {
            throw new IllegalArgumentException(
                    "only a file data source can hold trades, not a " + kind.label() + " one");
        }
    }

    public static DataSource stored(String symbol, Timeframe timeframe) {
        return new DataSource(
                Kind.STORED, symbol, timeframe, Optional.empty(), false, Optional.empty(), OptionalLong.empty());
    }

    public static DataSource bundled(String symbol, Timeframe timeframe) {
        return new DataSource(
                Kind.BUNDLED, symbol, timeframe, Optional.empty(), false, Optional.empty(), OptionalLong.empty());
    }

    /** A CSV file of bars (or of trade ticks, {@code trades}), read as {@code symbol} in {@code timeframe}. */
    public static DataSource file(Path file, String symbol, Timeframe timeframe, boolean trades) {
        return new DataSource(
                Kind.FILE,
                symbol,
                timeframe,
                Optional.of(file.toAbsolutePath().toString()),
                trades,
                Optional.empty(),
                OptionalLong.empty());
    }

    /** The simulated market of {@code market} (trend or bounce) and {@code seed}: see {@link #simulatedMarket}. */
    public static DataSource simulated(String market, long seed) {
        Bars bars = simulatedMarket(market, seed);
        return new DataSource(
                Kind.SIMULATED,
                bars.symbol(),
                bars.timeframe(),
                Optional.of(market(market)),
                false,
                Optional.empty(),
                OptionalLong.of(seed));
    }

    /** The same source, its bars resampled to {@code to} (empty: as loaded). */
    public DataSource resampledTo(Optional<Timeframe> to) {
        return new DataSource(kind, symbol, timeframe, path, trades, to, simulatedSeed);
    }

    /** The timeframe of the bars a run gets: the resampled one, else as loaded. */
    public Timeframe barsTimeframe() {
        return resample.orElse(timeframe);
    }

    /**
     * Loads the bars again from where they came from, resampled as recorded. Stored bars of a symbol no longer
     * stored fall back to its bundled data of the same timeframe (where runs took bars from when none were stored).
     */
    public Bars load(BarStore store) {
        Bars bars = switch (kind) {
            case STORED -> {
                Bars stored = store.readBars(symbol, timeframe);
                yield stored.size() == 0
                                && BundledData.contains(symbol)
                                && BundledData.load(symbol).timeframe() == timeframe
                        ? BundledData.load(symbol)
                        : stored;
            }
            case BUNDLED -> BundledData.load(symbol);
            case FILE ->
                trades
                        ? CsvBarsLoader.readTrades(Path.of(path.get()), symbol, timeframe)
                        : CsvBarsLoader.readBars(Path.of(path.get()), symbol, timeframe);
            case SIMULATED -> simulatedMarket(path.get(), simulatedSeed.orElse(0));
        };
        return resample.map(bars::resample).orElse(bars);
    }

    /**
     * A simulated market whose truth is known: {@code trend} (2,500 hourly bars of a mid price with a persistent
     * drift, 10 bps spread: a real, tradable edge) or {@code bounce} (10,000 minute bars of a random-walk mid whose
     * prints fall on the bid or the ask at random, 20 bps spread: nothing to find).
     */
    public static Bars simulatedMarket(String market, long seed) {
        return market(market).equals("trend")
                ? SimulatedMarket.plantedTrend(seed, 2500, Timeframe.H1, 10)
                : SimulatedMarket.bounce(seed, 10_000, Timeframe.M1, 20, 8);
    }

    /** A simulated market's kind, normalised: trend or bounce. */
    private static String market(String text) {
        String kind = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("trend") && !kind.equals("bounce")) {
            throw new IllegalArgumentException("--simulated must be trend or bounce but was '" + text + "'");
        }
        return kind;
    }
}
