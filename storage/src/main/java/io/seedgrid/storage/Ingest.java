package io.seedgrid.storage;

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
import java.util.Objects;

/**
 * Loading market data into a {@link BarStore}, for the {@code ingest} command. Input is all or nothing: a bad line
 * fails the whole file before anything is stored; re-ingesting the same data stores nothing new.
 */
public final class Ingest {
    private Ingest() {
    }

    /**
     * Reads a CSV file and stores its bars under {@code symbol} and {@code timeframe}.
     *
     * @param trades false: OHLCV rows (time, open, high, low, close, volume); true: trade ticks (time, price,
     *               amount) aggregated into bars of {@code timeframe}
     * @throws BarsFormatException naming the file, line and problem when the CSV is bad (nothing is stored)
     * @throws StorageException    when the store fails (nothing is stored)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static IngestResult csv(BarStore store, Path file, String symbol, Timeframe timeframe, boolean trades) {
        return csv(store, file, symbol, timeframe, trades, null);
    }

    /**
     * As {@link #csv(BarStore, Path, String, Timeframe, boolean)}, but stores the bars resampled to the coarser
     * {@code resampleTo} (see {@link Bars#resample}), under that timeframe.
     *
     * @throws IllegalArgumentException when {@code resampleTo} is not coarser than {@code timeframe}
     */
    public static IngestResult csvResampled(BarStore store, Path file, String symbol, Timeframe timeframe, boolean trades,
            Timeframe resampleTo) {
        return csv(store, file, symbol, timeframe, trades, Objects.requireNonNull(resampleTo, "resampleTo"));
    }

    private static IngestResult csv(BarStore store, Path file, String symbol, Timeframe timeframe, boolean trades,
            Timeframe resampleTo) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(file, "file");
        Bars.requireSymbol(symbol);
        Objects.requireNonNull(timeframe, "timeframe");
        if (!Files.isRegularFile(file)) {
            throw new BarsFormatException(file.toString(), 0, Files.exists(file) ? "not a regular file" : "no such file");
        }
        long start = System.nanoTime();
        Bars bars = trades ? CsvBarsLoader.readTrades(file, symbol, timeframe)
                : CsvBarsLoader.readBars(file, symbol, timeframe);
        String source = file.toString();
        if (resampleTo != null) {
            bars = bars.resample(resampleTo);
            source += " resampled to " + resampleTo;
        }
        return store(store, bars, source, dataRows(file), start);
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
            throw new IllegalArgumentException("no bundled data for '" + symbol + "'; bundled: " + BundledData.symbols());
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
        return new IngestResult(source, bars.symbol(), bars.timeframe(), rowsRead, n, stored, n - stored,
                n == 0 ? null : bars.endTime(0), n == 0 ? null : bars.endTime(n - 1),
                (System.nanoTime() - startNanos) / 1_000_000);
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
