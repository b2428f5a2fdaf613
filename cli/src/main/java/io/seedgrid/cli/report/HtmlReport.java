package io.seedgrid.cli.report;

import io.seedgrid.evolution.run.GenerationStats;
import io.seedgrid.evolution.run.RankedStrategy;
import io.seedgrid.evolution.run.RunResult;
import io.seedgrid.evolution.walkforward.Fold;
import io.seedgrid.evolution.walkforward.WalkForwardResult;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.seed.SeedContext;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A self-contained HTML page for a run: the best strategy's equity curve (in-sample and out-of-sample shaded apart)
 * and fitness by generation, as inline SVG; no scripts, nothing fetched.
 */
public final class HtmlReport {
    private static final int WIDTH = 860;
    private static final int HEIGHT = 260;

    private HtmlReport() {
    }

    /** The run's page: data, execution and costs, the best strategy's equity against buy-and-hold, selection bias. */
    public static String render(String runId, RunResult result, Bars bars) {
        int splitIndex = result.spec().backtest().splitIndex(bars.size());
        StringBuilder html = new StringBuilder(head(runId));
        html.append("<h1>seedgrid run ").append(escape(runId)).append("</h1>");
        html.append("<p>").append(escape(result.symbol())).append(' ').append(escape(result.timeframe())).append(", ")
                .append(result.bars()).append(" bars, ").append(result.firstBar()).append(" to ").append(result.lastBar())
                .append("; out of sample from ").append(result.splitBar()).append(". Population ")
                .append(result.config().populationSize()).append(", ").append(result.config().generations())
                .append(" generations, random seed ").append(result.config().randomSeed()).append(", ")
                .append(result.distinctGenomes()).append(" distinct genomes backtested, evaluator: ")
                .append(escape(result.evaluator())).append(".</p>");
        var settings = result.spec().settings();
        html.append("<p>Execution: ").append(escape(settings.fill().meaning())).append(". Costs: ")
                .append(escape(settings.describe())).append(" (slippage: ").append(escape(result.slippage().describe()))
                .append(")")
                .append(".</p>");
        result.market().warnings().forEach(w -> html.append("<p class=no>warning: ").append(escape(w)).append("</p>"));
        html.append("<p>").append(escape(result.bestAccepted().map(r -> "Accepted: #" + r.rank() + ".")
                .orElseGet(() -> "No strategy accepted: " + Views.noEdge(result)))).append("</p>");
        if (result.best().isPresent()) {
            var best = result.best().get().evidence();
            double[] market = new double[bars.size()];
            settings.backtest().buyAndHold(SeedContext.of(bars), 0, market);
            html.append("<h2>Equity of the best strategy, and of buying and holding</h2>");
            html.append(lineChart(List.of(equity(best.netReturns()), equity(market)), List.of("#1565c0", "#9e9e9e"),
                    splitIndex));
            html.append("<p><span style=\"color:#1565c0\">strategy</span> and <span style=\"color:#9e9e9e\">"
                    + "buy-and-hold</span>, same fill and costs. Shaded: out-of-sample bars, never seen by evolution."
                    + "</p>");
        }
        var bias = result.selectionBias();
        html.append("<h2>Selection bias</h2><p>").append(result.distinctGenomes()).append(" distinct strategies were "
                + "tried. The best of that many strategies with no skill at all would be expected to show an in-sample "
                + "Sharpe ratio of ").append(fmt(bias.expectedMaxSharpe())).append(" (annualised).</p><table>")
                .append(row("Deflated Sharpe ratio (DSR), trials counted as independent", bias.deflatedSharpe()))
                .append(row("Deflated Sharpe ratio, trials counted by clusters ("
                        + bias.clustered().map(c -> c.clusters() + " clusters").orElse("not computed") + ")",
                        bias.clusteredDeflatedSharpe()))
                .append(row("Clustered, also counting the winner's luck inside its cluster (strict)",
                        bias.strictDeflatedSharpe()))
                .append(row("Probabilistic Sharpe ratio vs 0 (PSR)", bias.probabilisticSharpe()))
                .append(row("Probability of backtest overfitting (PBO, CSCV S=" + bias.pboBlocks() + ", "
                        + bias.pboStrategies() + " strategies)", bias.pbo()))
                .append(row("Minimum backtest length for these trials (years)", bias.minimumBacktestYears()))
                .append(row("In-sample data (years)", bias.inSampleYears()))
                .append("</table>");
        bias.warnings().forEach(w -> html.append("<p class=no>warning: ").append(escape(w)).append("</p>"));
        html.append("<h2>Fitness by generation</h2>");
        double[] best = result.generations().stream().mapToDouble(GenerationStats::bestFitness).toArray();
        double[] mean = result.generations().stream().mapToDouble(GenerationStats::meanFitness).toArray();
        html.append(lineChart(List.of(best, mean), List.of("#2e7d32", "#ef6c00"), -1));
        html.append("<p><span style=\"color:#2e7d32\">best</span> and <span style=\"color:#ef6c00\">mean</span> "
                + "fitness (in-sample Sharpe less trade penalty).</p>");
        html.append("<h2>Top strategies</h2><table><tr><th>#</th><th>accepted</th><th>fitness</th>"
                + "<th>IS Sharpe</th><th>OOS Sharpe</th><th>hold OOS Sharpe</th><th>OOS PSR</th><th>IS return</th>"
                + "<th>OOS return</th><th>OOS max DD</th><th>OOS trades</th><th>break-even</th>"
                + "<th class=l>failed criteria</th><th class=l>strategy</th></tr>");
        for (RankedStrategy r : result.top()) {
            Metrics is = r.fitness().inSample();
            Metrics oos = r.fitness().outOfSample();
            var e = r.evidence();
            html.append("<tr><td>").append(r.rank()).append("</td><td class=").append(r.accepted() ? "yes>yes" : "no>no")
                    .append("</td><td>").append(fmt(r.fitness().value())).append("</td><td>").append(fmt(is.sharpe()))
                    .append("</td><td>").append(fmt(oos.sharpe())).append("</td><td>")
                    .append(fmt(e.buyAndHold().outOfSample().sharpe())).append("</td><td>")
                    .append(fmt(e.outOfSamplePsr())).append("</td><td>").append(pct(is.totalReturn()))
                    .append("</td><td>").append(pct(oos.totalReturn())).append("</td><td>").append(pct(oos.maxDrawdown()))
                    .append("</td><td>").append(oos.trades()).append("</td><td>")
                    .append(escape(Views.breakEven(e.breakEvenCostBps()))).append("</td><td class=l>")
                    .append(escape(r.verdict().failed().stream().map(c -> c.detail())
                            .collect(Collectors.joining("; ")))).append("</td><td class=l>")
                    .append(escape(r.strategy().toString())).append("</td></tr>");
        }
        html.append("</table><h2>Data sufficiency</h2><table><tr><th class=l>seed</th><th class=l>verdict</th>"
                + "<th class=l>reason</th></tr>");
        result.gating().forEach(g -> html.append("<tr><td class=l>").append(g.seed()).append("</td><td class=l>")
                .append(g.recommendation()).append("</td><td class=l>").append(escape(g.reason())).append("</td></tr>"));
        html.append("</table></body></html>\n");
        return html.toString();
    }

    /** Compounded equity (starting at 1) of per-bar returns. */
    static double[] equity(double[] returns) {
        double[] equity = new double[returns.length];
        double e = 1;
        for (int t = 0; t < returns.length; t++) {
            e *= 1 + returns[t];
            equity[t] = e;
        }
        return equity;
    }

    private static String head(String runId) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>seedgrid run " + escape(runId)
                + "</title><style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}"
                + "th{background:#f4f4f4}td.l{text-align:left}svg{background:#fafafa;border:1px solid #ddd}"
                + ".no{color:#a00}.yes{color:#070}</style></head><body>";
    }

    private static String row(String label, double value) {
        return "<tr><td class=l>" + escape(label) + "</td><td>" + (Double.isFinite(value) ? fmt(value) : "n/a") + "</td></tr>";
    }

    /** The walk-forward page: stitched out-of-sample equity, and each fold's windows, winner and figures. */
    public static String renderWalkForward(String runId, Bars bars, WalkForwardResult result) {
        StringBuilder html = new StringBuilder(head(runId));
        html.append("<h1>seedgrid walk-forward run ").append(escape(runId)).append("</h1><p>")
                .append(escape(bars.toString())).append(", ").append(result.folds().size()).append(" folds, ")
                .append(result.anchored() ? "anchored" : "rolling").append(" in-sample windows. Each fold evolved on its "
                        + "in-sample window only and traded its best strategy, unchanged, on the next window.</p>");
        double[] returns = result.stitchedReturns();
        double[] equity = new double[returns.length];
        double e = 1;
        for (int t = 0; t < returns.length; t++) {
            e *= 1 + returns[t];
            equity[t] = e;
        }
        html.append("<h2>Stitched out-of-sample equity (the headline)</h2>")
                .append(lineChart(List.of(equity), List.of("#1565c0"), -1));
        Metrics m = result.stitched();
        html.append("<p>Sharpe ").append(fmt(m.sharpe())).append(", return ").append(pct(m.totalReturn()))
                .append(", max drawdown ").append(pct(m.maxDrawdown())).append(", ").append(m.trades()).append(" trades over ")
                .append(m.bars()).append(" bars.</p>");
        html.append("<h2>Folds</h2><table><tr><th>fold</th><th class=l>in-sample from</th><th class=l>out of sample"
                + "</th><th>IS Sharpe</th><th>OOS Sharpe</th><th>OOS return</th><th>DSR</th><th>PBO</th><th>trials</th>"
                + "<th class=l>best strategy</th></tr>");
        for (Fold f : result.folds()) {
            var bias = f.run().selectionBias();
            html.append("<tr><td>").append(f.index() + 1).append("</td><td class=l>").append(f.inSampleStart())
                    .append("</td><td class=l>").append(f.outOfSampleStart()).append(" to ").append(f.outOfSampleEnd())
                    .append("</td><td>").append(fmt(f.inSample().sharpe())).append("</td><td>")
                    .append(fmt(f.outOfSample().sharpe())).append("</td><td>").append(pct(f.outOfSample().totalReturn()))
                    .append("</td><td>").append(Double.isFinite(bias.deflatedSharpe()) ? fmt(bias.deflatedSharpe()) : "n/a")
                    .append("</td><td>").append(Double.isFinite(bias.pbo()) ? fmt(bias.pbo()) : "n/a").append("</td><td>")
                    .append(bias.trials()).append("</td><td class=l>").append(escape(f.best().strategy().toString()))
                    .append("</td></tr>");
        }
        return html.append("</table></body></html>\n").toString();
    }

    /** Polylines of several series on shared axes; bars from {@code shadeFrom} on are shaded (skip when < 0). */
    static String lineChart(List<double[]> series, List<String> colours, int shadeFrom) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (double[] s : series) {
            n = Math.max(n, s.length);
            for (double v : s) {
                if (Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (n == 0 || !Double.isFinite(min)) {
            return "<p>(no data)</p>";
        }
        if (max == min) {
            max = min + 1;
        }
        StringBuilder svg = new StringBuilder();
        svg.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\">");
        if (shadeFrom >= 0 && shadeFrom < n) {
            double x = x(shadeFrom, n);
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" height=\"%d\" fill=\"#e3f2fd\"/>",
                    x, WIDTH - x, HEIGHT));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"12\" font-size=\"11\">%s</text>", fmt(max)));
        svg.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"11\">%s</text>", HEIGHT - 4, fmt(min)));
        for (int k = 0; k < series.size(); k++) {
            double[] s = series.get(k);
            int step = Math.max(1, s.length / 2000); // at most ~2000 points per line
            svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colours.get(k)).append("\" points=\"");
            for (int i = 0; i < s.length; i += step) {
                double y = HEIGHT - 16 - (s[i] - min) / (max - min) * (HEIGHT - 32);
                svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n), y));
            }
            svg.append("\"/>");
        }
        return svg.append("</svg>").toString();
    }

    private static double x(int i, int n) {
        return 40 + (n <= 1 ? 0 : (double) i / (n - 1) * (WIDTH - 50));
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", v * 100);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
