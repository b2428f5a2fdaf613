package io.seedgrid.cli;

import io.seedgrid.runs.DataSource;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.CsvBarsLoader;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.BarStore;
import io.seedgrid.storage.SymbolSummary;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where a command's bars come from: bundled real data by symbol, or a CSV file. */
final class MarketDataOptions {
    @Option(
            names = "--symbol",
            paramLabel = "SYMBOL",
            description = "Bars stored under this symbol in the configured storage (see 'seedgrid data'), else the "
                    + "bundled real data: BTCUSD (1m bars from 100k Bitstamp trades, Nov-Dec 2013) or AAPL (daily, 2013). "
                    + "With --data, the name to give the file's bars. Default: ${DEFAULT-VALUE}.",
            defaultValue = "BTCUSD")
    String symbol;

    @Option(
            names = "--data",
            paramLabel = "FILE.csv",
            description = "Read bars from a CSV file instead: columns time,open,high,low,close,volume "
                    + "(or time,price,amount with --trades).")
    Path data;

    @Option(
            names = "--trades",
            description = "The --data file holds trade ticks (time,price,amount) to aggregate into bars.")
    boolean trades;

    @Option(
            names = "--timeframe",
            paramLabel = "TF",
            description = "Timeframe of --data bars: 1m, 5m, 15m, 1h or 1d. Default: inferred from the bars' spacing "
                    + "(trades: 1m).")
    String timeframe;

    @Option(
            names = "--resample",
            paramLabel = "TF",
            description = "Aggregate the loaded bars into coarser ones before use: 5m, 15m, 1h or 1d (open first, high "
                    + "max, low min, close last, volume summed, on the UTC grid). Minute bars of trade prints are "
                    + "dominated by bid-ask bounce: see 'seedgrid data --diagnose SYMBOL'. Recorded with the run, so "
                    + "--resume reloads the same bars.")
    String resample;

    @Option(
            names = "--simulated",
            paramLabel = "trend|bounce",
            description = {
                "Use a SIMULATED market whose truth is known instead of real data: trend (2,500 hourly bars "
                        + "of a mid price with a persistent drift a trend follower can ride, 10 bps spread: a real, "
                        + "tradable edge) or bounce (10,000 minute bars of a random-walk mid whose prints fall on the bid "
                        + "or the ask at random, 20 bps spread: nothing to find). For trying seedgrid's honesty."
            })
    String simulated;

    @Option(
            names = "--simulated-seed",
            paramLabel = "N",
            defaultValue = "3",
            description = "Random seed of the --simulated market. Default: ${DEFAULT-VALUE}.")
    long simulatedSeed;

    /** Bars from {@code store} when it holds the symbol (and no --data is given), else as {@link #load()}. */
    Bars load(BarStore store) {
        source = null;
        beforeResample = null;
        Timeframe resampled = resampleTimeframe(); // a bad --resample fails before any loading
        if (data == null && simulated == null) {
            List<SymbolSummary> stored = store.listSymbols().stream()
                    .filter(s -> s.symbol().equals(symbol))
                    .toList();
            if (timeframe != null) {
                Timeframe wanted = Timeframe.parse(timeframe);
                stored = stored.stream().filter(s -> s.timeframe() == wanted).toList();
            }
            if (stored.size() > 1) {
                throw new IllegalArgumentException(symbol + " is stored in several timeframes "
                        + stored.stream().map(s -> s.timeframe().label()).toList() + ": choose one with --timeframe");
            }
            if (stored.size() == 1) {
                source = DataSource.stored(symbol, stored.get(0).timeframe())
                        .resampledTo(Optional.ofNullable(resampled));
                return keepFiner(store.readBars(symbol, stored.get(0).timeframe()), resampled);
            }
        }
        return load();
    }

    /** The bars as loaded before --resample (the same market, finer), or null when nothing was resampled. */
    Bars beforeResample() {
        return beforeResample;
    }

    private Bars beforeResample;

    private Bars keepFiner(Bars bars, Timeframe to) {
        beforeResample = to == null ? null : bars;
        return resampled(bars, to);
    }

    /** The --resample timeframe, or null without one. */
    private Timeframe resampleTimeframe() {
        return resample == null ? null : Timeframe.parse(resample);
    }

    private static Bars resampled(Bars bars, Timeframe to) {
        return to == null ? bars : bars.resample(to);
    }

    /** Where the last {@link #load} found its bars (resampling included), so a run can be resumed on the same ones. */
    DataSource source() {
        return source;
    }

    private DataSource source;

    Bars load() {
        Timeframe resampled = resampleTimeframe(); // a bad --resample fails before any loading
        Optional<Timeframe> to = Optional.ofNullable(resampled);
        if (simulated != null) {
            if (data != null) {
                throw new IllegalArgumentException("--simulated and --data are two sources of bars: choose one");
            }
            // recorded by kind and seed, so a resumed run rebuilds the same market
            source = DataSource.simulated(simulated, simulatedSeed).resampledTo(to);
            return keepFiner(DataSource.simulatedMarket(simulated, simulatedSeed), resampled);
        }
        Bars bars = loadUnrecorded();
        if (source == null) {
            source = (data == null
                            ? DataSource.bundled(bars.symbol(), bars.timeframe())
                            : DataSource.file(data, bars.symbol(), bars.timeframe(), trades))
                    .resampledTo(to);
        }
        return keepFiner(bars, resampled);
    }

    private Bars loadUnrecorded() {
        if (data == null) {
            if (!BundledData.contains(symbol)) {
                throw new IllegalArgumentException("no bundled data for symbol '" + BarsFormatException.excerpt(symbol)
                        + "'; bundled symbols are "
                        + BundledData.symbols() + " (use --data FILE.csv for your own)");
            }
            Bars bars = BundledData.load(symbol);
            if (timeframe != null && Timeframe.parse(timeframe) != bars.timeframe()) {
                throw new IllegalArgumentException(
                        "bundled " + bars.symbol() + " is " + bars.timeframe() + " data, not " + timeframe);
            }
            return bars;
        }
        String notAFile = CsvBarsLoader.fileProblem(data);
        if (notAFile != null) {
            throw new IllegalArgumentException("--data " + data + ": " + notAFile);
        }
        String name = symbol == null || symbol.isBlank() ? "DATA" : symbol.toUpperCase(Locale.ROOT);
        Optional<Timeframe> stated = Optional.ofNullable(timeframe).map(Timeframe::parse);
        if (trades) {
            return CsvBarsLoader.readTrades(data, name, stated.orElse(Timeframe.M1));
        }
        return CsvBarsLoader.withClock(InstantSource.system()).bars(data, name, stated); // unstated: from the spacing
    }
}
