package io.seedgrid.storage;

import io.seedgrid.seeds.bars.BarGaps;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.CsvBarsLoader;
import io.seedgrid.seeds.bars.Timeframe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Loading market data into a {@link Store}, for the {@code ingest} command. Input is all or nothing: a bad line
 * fails the whole file before anything is stored; re-ingesting the same data stores nothing new. What is stored
 * but worth a look (large gaps between bars, see {@link BarGaps}) comes back as {@link IngestResult#warnings()}.
 */
public final class Ingest {
    private Ingest() {}

    /**
     * Reads a CSV file and stores its bars under {@code symbol} and {@code timeframe} (which must fit the bars'
     * spacing, see {@link io.seedgrid.seeds.bars.BarSpacing}).
     *
     * @param trades false: OHLCV rows (time, open, high, low, close, volume); true: trade ticks (time, price,
     *               amount) aggregated into bars of {@code timeframe}
     * @throws BarsFormatException naming the file, line and problem when the CSV is bad (nothing is stored)
     * @throws StorageException    when the store fails (nothing is stored)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static IngestResult csv(BarStore store, Path file, String symbol, Timeframe timeframe, boolean trades) {
        return csv(file, symbol).timeframe(timeframe).trades(trades).into(store);
    }

    /**
     * As {@link #csv(BarStore, Path, String, Timeframe, boolean)}, but stores the bars resampled to the coarser
     * {@code resampleTo} (see {@link Bars#resample}), under that timeframe.
     *
     * @throws IllegalArgumentException when {@code resampleTo} is not coarser than {@code timeframe}
     */
    public static IngestResult csvResampled(
            BarStore store, Path file, String symbol, Timeframe timeframe, boolean trades, Timeframe resampleTo) {
        return csv(file, symbol)
                .timeframe(timeframe)
                .trades(trades)
                .resampleTo(resampleTo)
                .into(store);
    }

    /**
     * A CSV ingest of {@code file} under {@code symbol}, to configure and then run with {@link CsvIngest#into}: by
     * default OHLCV rows in the timeframe their spacing says, future times judged by the system clock.
     */
    public static CsvIngest csv(Path file, String symbol) {
        return new CsvIngest(file, symbol);
    }

    /** How to read one CSV file; see {@link #csv(Path, String)}. */
    public static final class CsvIngest {
        private final Path file;
        private final String symbol;
        private Optional<Timeframe> timeframe = Optional.empty();
        private boolean trades;
        private Optional<Timeframe> resampleTo = Optional.empty();
        private InstantSource clock = InstantSource.system();

        private CsvIngest(Path file, String symbol) {
            this.file = Objects.requireNonNull(file, "file");
            this.symbol = Bars.requireSymbol(symbol);
        }

        /**
         * The bars' timeframe (for trades, the bars to build). Not given: OHLCV bars get the one their spacing says,
         * trades 1m. A stated timeframe that the bars' spacing contradicts fails the ingest.
         */
        public CsvIngest timeframe(Timeframe timeframe) {
            this.timeframe = Optional.of(Objects.requireNonNull(timeframe, "timeframe"));
            return this;
        }

        /** True: the file holds trade ticks (time, price, amount) to aggregate; false (default): OHLCV rows. */
        public CsvIngest trades(boolean trades) {
            this.trades = trades;
            return this;
        }

        /** Store the bars resampled to this coarser timeframe, under it (see {@link Bars#resample}). */
        public CsvIngest resampleTo(Timeframe resampleTo) {
            this.resampleTo = Optional.of(Objects.requireNonNull(resampleTo, "resampleTo"));
            return this;
        }

        /** The clock that decides which times lie in the future (see {@link CsvBarsLoader}). */
        public CsvIngest clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Reads the file and stores its bars.
         *
         * @throws BarsFormatException      naming the file, line and problem when the CSV is bad, or the path is no
         *                                  regular file (nothing is stored)
         * @throws IllegalArgumentException when {@code resampleTo} is not coarser than the bars
         * @throws StorageException         when the store fails (nothing is stored)
         * @throws UncheckedIOException     when the file cannot be read
         */
        public IngestResult into(BarStore store) {
            Objects.requireNonNull(store, "store");
            long start = System.nanoTime();
            CsvBarsLoader loader = CsvBarsLoader.withClock(clock);
            Bars bars = trades
                    ? loader.trades(file, symbol, timeframe.orElse(Timeframe.M1))
                    : loader.bars(file, symbol, timeframe);
            String source = file.toString();
            if (resampleTo.isPresent()) {
                bars = bars.resample(resampleTo.get());
                source += " resampled to " + resampleTo.get();
            }
            return store(store, bars, source, dataRows(file), start);
        }
    }
    /** Stores bundled real data: "AAPL" (252 daily bars of 2013) or "BTCUSD" (1-minute bars from Bitstamp trades). */
    public static IngestResult bundled(BarStore store, String symbol) {
        return bundled(store, symbol, null);
    }

    /**
     * Stores bundled real data resampled to the coarser {@code resampleTo} (e.g. BTCUSD as 15m bars), under that
     * timeframe.
     *
     * @throws IllegalArgumentException when {@code resampleTo} is not coarser than the bundled bars
     */
    public static IngestResult bundledResampled(BarStore store, String symbol, Timeframe resampleTo) {
        return bundled(store, symbol, Objects.requireNonNull(resampleTo, "resampleTo"));
    }

    private static IngestResult bundled(BarStore store, String symbol, Timeframe resampleTo) {
        Objects.requireNonNull(store, "store");
        if (symbol == null || !BundledData.contains(symbol)) {
            throw new IllegalArgumentException(
                    "no bundled data for '" + symbol + "'; bundled: " + BundledData.symbols());
        }
        long start = System.nanoTime();
        Bars bars = BundledData.load(symbol);
        int rows = bars.size();
        String source = "bundled " + bars.symbol();
        if (resampleTo != null) {
            bars = bars.resample(resampleTo);
            source += " resampled to " + resampleTo;
        }
        return store(store, bars, source, rows, start);
    }

    /** Stores bars already in memory; {@code rowsRead} is what the caller read to make them. */
    public static IngestResult bars(BarStore store, Bars bars, String source, long rowsRead) {
        return store(store, bars, source, rowsRead, System.nanoTime());
    }

    private static IngestResult store(BarStore store, Bars bars, String source, long rowsRead, long startNanos) {
        int stored = store.writeBars(bars);
        int n = bars.size();
        return new IngestResult(
                source,
                bars.symbol(),
                bars.timeframe(),
                rowsRead,
                n,
                stored,
                n - stored,
                n == 0 ? null : bars.endTime(0),
                n == 0 ? null : bars.endTime(n - 1),
                (System.nanoTime() - startNanos) / 1_000_000,
                warnings(BarGaps.of(bars)));
    }

    /** The gaps of the ingested bars, as lines for a terminal: what, then where and how long the longest are. */
    static List<String> warnings(BarGaps gaps) {
        if (gaps.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        out.add(gaps.headline() + "; runs treat each gap as one bar step");
        gaps.longest().forEach(g -> out.add("gap of " + g.describe()));
        if (gaps.count() > gaps.longest().size()) {
            out.add("and " + (gaps.count() - gaps.longest().size()) + " shorter gaps");
        }
        return List.copyOf(out);
    }

    /** Non-blank lines after the header. */
    private static long dataRows(Path file) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return r.lines().skip(1).filter(line -> !line.isBlank()).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
