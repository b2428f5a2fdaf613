package io.seedgrid.service;

import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.seeds.backtest.BacktestResult;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.gene.GeneSpec;
import io.seedgrid.seeds.gene.Genes;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.seeds.seed.SeedType;
import io.seedgrid.seeds.strategy.BlendedStrategy;
import io.seedgrid.seeds.strategy.SeedGenes;
import io.seedgrid.strategies.StrategyDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntToDoubleFunction;

/**
 * The chart data of one strategy on its bars, in the one shape the dashboard and the evolve report both draw
 * ({@code charts.js}): price with the trades, equity against buy-and-hold with the out-of-sample split, drawdown, the
 * trade list, and a heat map of two genes. Times are epoch seconds of the bars' end (UTC); series are floats.
 */
public final class Charts {
    /** Bars drawn at most; longer series are thinned evenly (trade and split bars are always kept). */
    static final int MAX_POINTS = 20_000;
    /** Trades listed at most (the most recent). */
    static final int MAX_TRADES = 1_000;
    /** Values per gene in the heat map (the strategy's own value is added when it falls between). */
    static final int HEAT_STEPS = 9;

    static final String LOCAL = "local evaluator (threads of the process that ran the run)";
    private static final String ASSETS = "/io/seedgrid/service/dashboard/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";

    private Charts() {}

    /** The charts of a registered or run strategy: backtested with its own settings on {@code bars}. */
    public static Map<String, Object> strategy(Bars bars, StrategyDefinition definition) {
        BlendedStrategy strategy = definition.strategy();
        SeedContext ctx = SeedContext.of(bars);
        Evidence evidence = Evidence.of(strategy, definition.settings(), ctx, Evidence.DEFAULT_COST_FACTOR);
        return strategy(ctx, strategy, evidence);
    }

    /** The charts of {@code strategy} whose evidence on {@code bars} is already computed (the evolve report). */
    public static Map<String, Object> strategy(Bars bars, BlendedStrategy strategy, Evidence evidence) {
        return strategy(SeedContext.of(bars), strategy, evidence);
    }

    private static Map<String, Object> strategy(SeedContext ctx, BlendedStrategy strategy, Evidence evidence) {
        Bars bars = ctx.bars();
        int n = bars.size();
        BacktestSettings settings = evidence.settings();
        double[] market = new double[n];
        settings.backtest().buyAndHold(ctx, strategy.warmup(), market);
        double[] equity = equity(evidence.netReturns());
        double[] hold = equity(market);
        List<Trade> trades = trades(ctx, strategy, settings);
        int split = evidence.result().splitIndex();
        int[] kept = thin(n, trades, split);

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("symbol", bars.symbol());
        v.put("timeframe", bars.timeframe().label());
        v.put("bars", n);
        v.put("points", kept.length);
        v.put("fill", settings.fill().label());
        v.put("fill_meaning", settings.fill().meaning());
        v.put("costs", settings.describe());
        v.put("split_index", position(kept, split));
        v.put("split_time", split < n ? bars.endTime(split) : null);
        v.put("measured_from", evidence.measuredFrom());
        v.put("time", pick(kept, i -> bars.endEpochMilli(i) / 1000.0));
        v.put("close", pick(kept, bars::close));
        v.put("equity", pick(kept, i -> equity[i]));
        v.put("buy_and_hold", pick(kept, i -> hold[i]));
        v.put("drawdown", pick(kept, drawdown(equity)));
        v.put("buy_and_hold_drawdown", pick(kept, drawdown(hold)));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("in_sample", evidence.result().inSample());
        metrics.put("out_of_sample", evidence.result().outOfSample());
        metrics.put("buy_and_hold_in_sample", evidence.buyAndHold().inSample());
        metrics.put("buy_and_hold_out_of_sample", evidence.buyAndHold().outOfSample());
        v.put("metrics", metrics);
        v.put("trade_count", trades.size());
        List<Map<String, Object>> listed = new ArrayList<>();
        for (Trade t : trades.subList(Math.max(0, trades.size() - MAX_TRADES), trades.size())) {
            listed.add(t.view(bars, kept));
        }
        v.put("trades", listed);
        return v;
    }

    /**
     * A heat map of two genes of the strategy's heaviest non-ML seed with two or more genes: in-sample and
     * out-of-sample Sharpe over a grid of both genes' ranges (the others as they are), the strategy's own cell marked.
     * Empty when no seed qualifies. About {@code (HEAT_STEPS + 1)^2} backtests.
     */
    public static Optional<Map<String, Object>> heatMap(
            Bars bars, BlendedStrategy strategy, BacktestSettings settings) {
        List<SeedGenes> components = strategy.components();
        int pick = -1;
        for (int i = 0; i < components.size(); i++) {
            SeedGenes c = components.get(i);
            if (c.weight() > 0
                    && c.seed().type() != SeedType.ML_CLASSIFIER
                    && c.seed().genes().size() >= 2
                    && (pick < 0 || c.weight() > components.get(pick).weight())) {
                pick = i;
            }
        }
        if (pick < 0) {
            return Optional.empty();
        }
        SeedGenes chosen = components.get(pick);
        GeneSpec xs = chosen.seed().genes().get(0);
        GeneSpec ys = chosen.seed().genes().get(1);
        double[] genes = chosen.genes();
        double[] x = grid(xs, genes[0]);
        double[] y = grid(ys, genes[1]);
        SeedContext ctx = SeedContext.of(bars);
        Double[][] in = new Double[y.length][x.length];
        Double[][] out = new Double[y.length][x.length];
        for (int j = 0; j < y.length; j++) {
            for (int i = 0; i < x.length; i++) {
                double[] g = genes.clone();
                g[0] = x[i];
                g[1] = y[j];
                if (!ordered(chosen, g)) {
                    continue; // e.g. a fast EMA not below the slow one: not a strategy evolution would make
                }
                List<SeedGenes> changed = new ArrayList<>(components);
                changed.set(pick, new SeedGenes(chosen.seed(), g, chosen.weight()));
                BlendedStrategy s = new BlendedStrategy(changed, strategy.entry(), strategy.exit());
                if (s.warmup() >= bars.size()) {
                    continue;
                }
                BacktestResult r = settings.backtest().run(s.signals(ctx), s.entry(), s.exit(), s.warmup(), ctx, null);
                in[j][i] = ApiJson.finite(r.inSample().sharpe());
                out[j][i] = ApiJson.finite(r.outOfSample().sharpe());
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seed", chosen.seed().name());
        v.put("x_gene", xs.name());
        v.put("y_gene", ys.name());
        v.put("x", x);
        v.put("y", y);
        v.put("chosen_x", genes[0]);
        v.put("chosen_y", genes[1]);
        v.put("in_sample_sharpe", in);
        v.put("out_of_sample_sharpe", out);
        v.put(
                "note",
                "annualised Sharpe after costs with " + xs.name() + " and " + ys.name() + " of "
                        + chosen.seed().name()
                        + " varied and everything else as evolved; empty cells break the seed's gene"
                        + " order or need more bars than there are. Choose by the in-sample map: the held-out one is for"
                        + " looking only.");
        return Optional.of(v);
    }

    /**
     * Evaluations per node over a run's generation rows ({@code evaluations}, and {@code evaluations_per_node} when a
     * grid recorded them): one row per grid node, and one for the evaluations no node recorded (a local evaluator).
     */
    public static List<Map<String, Object>> nodes(List<Map<String, Object>> generations) {
        Map<String, Long> perNode = new TreeMap<>();
        long local = 0;
        for (Map<String, Object> g : generations) {
            if (g.get("evaluations_per_node") instanceof Map<?, ?> nodes && !nodes.isEmpty()) {
                nodes.forEach(
                        (node, count) -> perNode.merge(String.valueOf(node), ((Number) count).longValue(), Long::sum));
            } else if (g.get("evaluations") instanceof Number n) {
                local += n.longValue();
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        perNode.forEach((node, count) -> rows.add(Map.of("node", node, "evaluations", count)));
        if (local > 0 || rows.isEmpty()) {
            rows.add(Map.of("node", LOCAL, "evaluations", local));
        }
        return rows;
    }

    /**
     * A page that opens offline (file://) and draws {@code view}, a run report in the shape of
     * {@code GET /runs/{id}/report}, with the dashboard's run page: the style and scripts inlined, the view as JSON.
     */
    public static String page(String title, Map<String, Object> view, String footer) {
        String json = ApiJson.write(view, false).replace("<", "\\u003c"); // no text in it can end the script element
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\""
                + "width=device-width, initial-scale=1\"><title>" + escape(title) + "</title><style>" + style()
                + "</style></head><body><main id=\"main\"><h1>" + escape(title) + "</h1><noscript><p>This page draws"
                + " its charts with the JavaScript inside it (nothing is fetched).</p></noscript></main><footer class="
                + "\"foot\">All times are UTC. Figures after costs; Sharpe ratios annualised. " + escape(footer)
                + "</footer><script id=\"run-data\" type=\"application/json\">" + json + "</script><script>"
                + script().replace("</script", "<\\/script") + "</script><script>SeedgridCharts.run(document"
                + ".getElementById('main'), JSON.parse(document.getElementById('run-data').textContent));</script>"
                + "</body></html>\n";
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    /** uPlot and the charts' script, for a page that must open offline (report.html inlines them). */
    public static String script() {
        return resource(UPLOT + "uPlot.iife.min.js") + "\n" + resource(ASSETS + "charts.js");
    }

    /** uPlot's and the pages' style sheet, for inlining. */
    public static String style() {
        return resource(UPLOT + "uPlot.min.css") + "\n" + resource(ASSETS + "dashboard.css");
    }

    /** A classpath resource as text; a missing one is a packaging error. */
    static String resource(String path) {
        try (InputStream in = Charts.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path + " (the jar is incomplete)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- series

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

    /** Equity below its running peak, as a fraction (0 or negative). */
    static double[] drawdown(double[] equity) {
        double[] dd = new double[equity.length];
        double peak = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < equity.length; t++) {
            peak = Math.max(peak, equity[t]);
            dd[t] = equity[t] / peak - 1;
        }
        return dd;
    }

    /** One trade: taken at bar {@code entry}'s fill, closed at bar {@code exit}'s (or open at the last bar). */
    record Trade(int side, int entry, double entryPrice, int exit, double exitPrice, boolean open, double cost) {
        /** Price move in the trade's direction, less the cost per unit traded at entry and at exit. */
        double netReturn() {
            double gross = 1 + side * (exitPrice / entryPrice - 1);
            return gross * (1 - cost) * (open ? 1 : 1 - cost) - 1;
        }

        Map<String, Object> view(Bars bars, int[] kept) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("side", side > 0 ? "long" : "short");
            v.put("entry_time", bars.endTime(entry));
            v.put("entry_price", entryPrice);
            v.put("entry_index", position(kept, entry));
            v.put("exit_time", bars.endTime(exit));
            v.put("exit_price", exitPrice);
            v.put("exit_index", position(kept, exit));
            v.put("open", open);
            v.put("bars", exit - entry);
            v.put("return", ApiJson.finite(netReturn()));
            return v;
        }
    }

    /**
     * The trades the backtest makes: the position decided at each close ({@link BlendedStrategy#positionRule}),
     * taken as the fill says: at the next bar's open (next-open), its close (next-close) or this close (close).
     */
    static List<Trade> trades(SeedContext ctx, BlendedStrategy strategy, BacktestSettings settings) {
        Bars bars = ctx.bars();
        int n = bars.size();
        int[] decided = strategy.positionRule(settings.allowShort()).decide(strategy.signals(ctx));
        boolean lagged = settings.fill() != Fill.CLOSE;
        boolean atOpen = settings.fill() == Fill.NEXT_OPEN;
        double cost = settings.costs().perUnitTurnover();
        List<Trade> trades = new ArrayList<>();
        int held = 0;
        int from = -1;
        double fromPrice = Double.NaN;
        for (int t = 1; t < n; t++) {
            int next = lagged ? decided[t - 1] : decided[t];
            if (next == held) {
                continue;
            }
            double price = atOpen ? bars.open(t) : bars.close(t);
            if (held != 0) {
                trades.add(new Trade(held, from, fromPrice, t, price, false, cost));
            }
            held = next;
            from = t;
            fromPrice = price;
        }
        if (held != 0) {
            trades.add(new Trade(held, from, fromPrice, n - 1, bars.close(n - 1), true, cost));
        }
        return trades;
    }

    /** The bars drawn: all up to {@link #MAX_POINTS}, else an even stride plus every trade bar and the split. */
    private static int[] thin(int n, List<Trade> trades, int split) {
        if (n <= MAX_POINTS) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        TreeSet<Integer> kept = new TreeSet<>();
        double step = (double) (n - 1) / (MAX_POINTS - 1);
        for (int k = 0; k < MAX_POINTS; k++) {
            kept.add((int) Math.round(k * step));
        }
        for (Trade t : trades.subList(Math.max(0, trades.size() - MAX_TRADES), trades.size())) {
            kept.add(t.entry());
            kept.add(t.exit());
        }
        if (split < n) {
            kept.add(split);
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Where bar {@code bar} is among the drawn ones (the first drawn at or after it). */
    private static int position(int[] kept, int bar) {
        int k = Arrays.binarySearch(kept, bar);
        return k >= 0 ? k : -k - 1;
    }

    private static float[] pick(int[] kept, IntToDoubleFunction value) {
        float[] out = new float[kept.length];
        for (int k = 0; k < kept.length; k++) {
            out[k] = (float) value.applyAsDouble(kept[k]);
        }
        return out;
    }

    private static float[] pick(int[] kept, double[] values) {
        return pick(kept, i -> values[i]);
    }

    /** The gene's range in {@link #HEAT_STEPS} even steps (whole for integer genes), and {@code own} among them. */
    private static double[] grid(GeneSpec spec, double own) {
        TreeSet<Double> values = new TreeSet<>();
        for (int k = 0; k < HEAT_STEPS; k++) {
            values.add(spec.nearestAllowed(spec.min() + (spec.max() - spec.min()) * k / (HEAT_STEPS - 1)));
        }
        values.add(own);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Whether the genes keep the seed's declared orders (each group strictly increasing). */
    private static boolean ordered(SeedGenes seed, double[] genes) {
        List<GeneSpec> specs = seed.seed().genes();
        for (List<String> group : seed.seed().orderedGenes()) {
            double last = Double.NEGATIVE_INFINITY;
            for (String name : group) {
                double v = genes[Genes.indexOf(specs, name)];
                if (!(v > last)) {
                    return false;
                }
                last = v;
            }
        }
        return true;
    }
}
