package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.seeds.bars.BarsFormatException;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.bars.CsvBarsLoader;
import io.seedgrid.seeds.bars.Timeframe;
import io.seedgrid.storage.Ingest;
import io.seedgrid.storage.IngestResult;
import io.seedgrid.storage.Store;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        description = {
            "Stores bars in the configured backend: an OHLCV CSV file, trade ticks aggregated into bars, or",
            "the bundled real data. Idempotent: bars already stored with the same values are skipped. All or",
            "nothing: a bad row fails the whole file, naming the line, and nothing of it is stored. Bars dated in",
            "the future, a timeframe the bars' spacing contradicts and ambiguous epoch numbers are refused; gaps",
            "much longer than the timeframe are stored but reported (see 'seedgrid data').",
            "Examples: seedgrid ingest --symbol XYZ --timeframe 1h --file xyz.csv",
            "          seedgrid ingest --bundled BTCUSD --resample 15m",
            "          seedgrid ingest --bundled all --storage postgres"
        })
final class IngestCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--file",
            paramLabel = "FILE.csv",
            description = "CSV to ingest: time,open,high,low,close,volume " + "(or time,price,amount with --trades).")
    Path file;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "Symbol to store the file's bars under.")
    String symbol;

    @Option(
            names = "--timeframe",
            paramLabel = "TF",
            description = "Bar timeframe: 1m, 5m, 15m, 1h or 1d (for --trades, the bars to build); refused when the "
                    + "bars' spacing says otherwise. Default: the timeframe of the bars' median spacing (trades: 1m).")
    String timeframe;

    @Option(
            names = "--resample",
            paramLabel = "TF",
            description = "Store the bars resampled to this coarser timeframe instead (5m, 15m, 1h or 1d), under that "
                    + "timeframe: e.g. --bundled BTCUSD --resample 15m stores BTCUSD 15m bars.")
    String resample;

    @Option(names = "--trades", description = "The file holds trade ticks (time,price,amount), aggregated into bars.")
    boolean trades;

    @Option(
            names = "--bundled",
            paramLabel = "SYMBOL",
            description = "Store the bundled real data instead: AAPL, BTCUSD or all.")
    String bundled;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if ((file == null) == (bundled == null)) {
            throw new IllegalArgumentException("give either --file (with --symbol) or --bundled");
        }
        if (file != null && (symbol == null || symbol.isBlank())) {
            throw new IllegalArgumentException("--file needs --symbol to store the bars under");
        }
        String notAFile = file == null ? null : CsvBarsLoader.fileProblem(file);
        if (notAFile != null) {
            throw new IllegalArgumentException("--file " + file + ": " + notAFile);
        }
        Timeframe resampleTo = resample == null ? null : Timeframe.parse(resample);
        List<IngestResult> results = new ArrayList<>();
        Ingest.CsvIngest csv = null;
        if (file != null) { // every option checked before the store is opened
            csv = Ingest.csv(file, symbol).trades(trades);
            if (timeframe != null) {
                csv.timeframe(Timeframe.parse(timeframe));
            }
            if (resampleTo != null) {
                csv.resampleTo(resampleTo);
            }
        }
        try (Store store = storage.open()) {
            if (csv != null) {
                results.add(csv.into(store.bars()));
            } else {
                List<String> symbols = bundled.equalsIgnoreCase("all")
                        ? BundledData.symbols()
                        : List.of(bundled.toUpperCase(Locale.ROOT));
                for (String s : symbols) {
                    if (!BundledData.contains(s)) {
                        throw new IllegalArgumentException("no bundled data for '" + BarsFormatException.excerpt(s)
                                + "'; bundled: " + BundledData.symbols());
                    }
                    if (resampleTo != null) { // all or nothing: refuse (on no bars) before storing any symbol
                        BundledData.load(s).head(0).resample(resampleTo);
                    }
                }
                for (String s : symbols) {
                    results.add(
                            resampleTo == null
                                    ? Ingest.bundled(store.bars(), s)
                                    : Ingest.bundledResampled(store.bars(), s, resampleTo));
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.write(results));
            } else {
                for (IngestResult r : results) {
                    out.println(r.summary());
                    r.warnings().forEach(w -> out.println("warning: " + w));
                }
                out.println("into " + store.backend() + " storage at " + store.location());
            }
            out.flush();
        }
        return 0;
    }
}
