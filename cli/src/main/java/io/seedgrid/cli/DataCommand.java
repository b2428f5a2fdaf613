package io.seedgrid.cli;

import io.seedgrid.cli.report.Json;
import io.seedgrid.cli.report.Views;
import io.seedgrid.runs.DataSource;
import io.seedgrid.runs.RunJson;
import io.seedgrid.seeds.bars.BarGaps;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.market.MarketDiagnosis;
import io.seedgrid.seeds.market.SpreadEstimate;
import io.seedgrid.seeds.market.SpreadEstimates;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.SymbolSummary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the stored symbols: timeframe, bar count, first and last bar, and the gaps between bars much",
            "longer than the timeframe (more than 10 bars intraday, more than 5 days for daily bars): how many,",
            "and the longest with its dates. Runs treat a gap as one bar step.",
            "With --diagnose SYMBOL: whether its bars are dominated by bid-ask bounce (lag-1 autocorrelation of",
            "returns, share of zero returns, median move), three spread estimates from the bars (Roll,",
            "Corwin-Schultz, Abdi-Ranaldo), the spread chosen from them and the slippage it implies.",
            "Examples: seedgrid data --diagnose BTCUSD",
            "          seedgrid data --diagnose BTCUSD --resample 1h --json"
        })
final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StorageOptions storage;

    @Option(
            names = "--diagnose",
            paramLabel = "SYMBOL",
            description = "Diagnose the bars of SYMBOL: stored in the configured storage, else the bundled real data "
                    + "(BTCUSD or AAPL).")
    String diagnose;

    @Option(
            names = "--timeframe",
            paramLabel = "TF",
            description = "With --diagnose: which stored timeframe of the symbol (1m, 5m, 15m, 1h or 1d), needed when "
                    + "several are stored.")
    String timeframe;

    @Option(
            names = "--resample",
            paramLabel = "TF",
            description = "With --diagnose: diagnose the bars resampled to this coarser timeframe (5m, 15m, 1h or 1d).")
    String resample;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (diagnose == null && (timeframe != null || resample != null)) {
            throw new IllegalArgumentException("--timeframe and --resample go with --diagnose SYMBOL");
        }
        try (Store store = storage.open()) {
            PrintWriter out = spec.commandLine().getOut();
            if (diagnose != null) {
                MarketDataOptions market = new MarketDataOptions();
                market.symbol = diagnose;
                market.timeframe = timeframe;
                market.resample = resample;
                Bars bars = market.load(store.bars());
                MarketDiagnosis diagnosis = MarketDiagnosis.of(bars);
                // what evolve charges on resampled bars: the spread of the finer bars they were made from
                Bars finer = market.beforeResample();
                SpreadEstimates charged = finer == null ? null : SpreadEstimates.of(finer);
                if (json) {
                    Map<String, Object> view = Views.diagnosis(diagnosis, bars);
                    view.put("source", RunJson.data(market.source()));
                    if (charged != null) {
                        view.put("spread_before_resample_bps", charged.chosenBps());
                        view.put("slippage_charged_bps", charged.slippageBps());
                    }
                    out.println(Json.write(view));
                } else {
                    printDiagnosis(out, diagnosis, bars, market.source());
                    if (charged != null) {
                        out.printf(
                                Locale.ROOT,
                                "  %-24s %8.1f bps  %s, on the %s bars before resampling: the spread"
                                        + " belongs to the market; evolve charges half the spread of their in-sample part (%.1f bps on all of them)%n",
                                "spread of the finer bars",
                                charged.chosenBps(),
                                charged.choice(),
                                finer.timeframe(),
                                charged.slippageBps());
                    }
                }
                out.flush();
                return 0;
            }
            List<SymbolSummary> symbols = store.bars().listSymbols();
            // from the stored bars themselves: one read and one pass per series
            List<BarGaps> gaps = symbols.stream()
                    .map(s -> BarGaps.of(store.bars().readBars(s.symbol(), s.timeframe())))
                    .toList();
            if (json) {
                List<Map<String, Object>> view = new ArrayList<>();
                for (int i = 0; i < symbols.size(); i++) {
                    SymbolSummary s = symbols.get(i);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("symbol", s.symbol());
                    row.put("timeframe", s.timeframe());
                    row.put("count", s.count());
                    row.put("first", s.first());
                    row.put("last", s.last());
                    row.put("gaps", Views.gaps(gaps.get(i)));
                    view.add(row);
                }
                out.println(Json.write(view));
            } else {
                out.printf("%s storage at %s%n", store.backend(), store.location());
                if (symbols.isEmpty()) {
                    out.println("no bars stored yet (try: seedgrid ingest --bundled all)");
                } else {
                    out.printf(
                            "%-20s %-4s %8s  %-24s %-24s %5s  %s%n",
                            "SYMBOL", "TF", "BARS", "FIRST", "LAST", "GAPS", "LONGEST GAP");
                    for (int i = 0; i < symbols.size(); i++) {
                        SymbolSummary s = symbols.get(i);
                        BarGaps g = gaps.get(i);
                        out.printf(
                                "%-20s %-4s %8d  %-24s %-24s %5d  %s%n",
                                s.symbol(),
                                s.timeframe(),
                                s.count(),
                                s.first(),
                                s.last(),
                                g.count(),
                                g.isEmpty() ? "-" : g.longest().get(0).describe());
                    }
                }
            }
            out.flush();
        }
        return 0;
    }

    private static void printDiagnosis(PrintWriter out, MarketDiagnosis d, Bars bars, DataSource source) {
        String from = source.kind() == DataSource.Kind.STORED
                ? "stored " + source.timeframe() + " bars"
                : source.kind().label() + " data";
        out.printf(
                Locale.ROOT,
                "%s %s: %d bars, %s .. %s (%s%s)%n",
                d.symbol(),
                d.timeframe(),
                d.bars(),
                bars.size() == 0 ? "-" : bars.endTime(0),
                bars.size() == 0 ? "-" : bars.endTime(bars.size() - 1),
                from,
                source.resample().map(to -> ", resampled to " + to).orElse(""));
        out.printf(
                Locale.ROOT,
                "  %-24s %8.3f   (bounce below %.2f)%n",
                "lag-1 autocorrelation",
                d.lag1Autocorrelation(),
                MarketDiagnosis.BOUNCE_AUTOCORRELATION);
        out.printf(Locale.ROOT, "  %-24s %7.1f%%%n", "zero returns", 100 * d.zeroReturnShare());
        out.printf(Locale.ROOT, "  %-24s %8.1f bps (of the non-zero moves)%n", "median |move|", d.medianAbsMoveBps());
        out.println("  spread estimates (effective, round trip):");
        for (SpreadEstimate e : d.spreads().all()) {
            String value = e.defined() ? String.format(Locale.ROOT, "%8.1f bps", e.spreadBps()) : "undefined   ";
            out.printf(Locale.ROOT, "    %-22s %s  %s%n", e.estimator(), value, e.note());
        }
        out.printf(
                Locale.ROOT,
                "  %-24s %8.1f bps  %s%n",
                "chosen spread",
                d.spreads().chosenBps(),
                d.spreads().choice());
        out.printf(
                Locale.ROOT,
                "  %-24s %8.1f bps per unit traded (half the spread)%n",
                "implied slippage",
                d.spreads().slippageBps());
        out.printf(
                Locale.ROOT,
                "  %-24s %8s   (autocorrelation below %.2f or spread above %.0f%% of the median move)%n",
                "bounce-dominated",
                d.bounceDominated() ? "yes" : "no",
                MarketDiagnosis.BOUNCE_AUTOCORRELATION,
                100 * MarketDiagnosis.SPREAD_TO_MOVE);
        for (String warning : d.warnings()) {
            out.println("warning: " + warning);
        }
    }
}
