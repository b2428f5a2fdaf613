package io.seedgrid.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import io.seedgrid.evolution.acceptance.AcceptanceCriteria;
import io.seedgrid.evolution.acceptance.Criterion;
import io.seedgrid.evolution.acceptance.Evidence;
import io.seedgrid.evolution.acceptance.Verdict;
import io.seedgrid.evolution.run.RunConfig;
import io.seedgrid.runs.RunManifest;
import io.seedgrid.seeds.Seeds;
import io.seedgrid.seeds.backtest.BacktestSettings;
import io.seedgrid.seeds.backtest.Fill;
import io.seedgrid.seeds.backtest.Metrics;
import io.seedgrid.seeds.bars.Bars;
import io.seedgrid.seeds.bars.BundledData;
import io.seedgrid.seeds.seed.Seed;
import io.seedgrid.seeds.seed.SeedContext;
import io.seedgrid.storage.GenerationRecord;
import io.seedgrid.storage.ReportRecord;
import io.seedgrid.storage.RunRecord;
import io.seedgrid.storage.RunStatus;
import io.seedgrid.storage.SeedgridHome;
import io.seedgrid.storage.StrategyRecord;
import io.seedgrid.storage.SymbolSummary;
import io.seedgrid.strategies.LiveReturns;
import io.seedgrid.strategies.LiveSignal;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.RegistryException;
import io.seedgrid.strategies.RunStrategy;
import io.seedgrid.strategies.SignalService;
import io.seedgrid.strategies.StrategyDefinition;
import io.seedgrid.strategies.StrategyRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The dashboard {@code seedgrid serve} shows at {@code /}: its page and assets (from the jar, nothing from elsewhere)
 * and the read endpoints its pages need beyond the API's: a run's report with the charts of its best strategy, a
 * run's progress as server-sent events, a strategy's charts and live returns, validation reports, what is known of
 * the cluster, and the options of the run form. Reads only; writes stay the API's (with its token).
 */
final class DashboardRoutes implements AutoCloseable {
    static final int MAX_STREAMS = 16;
    static final Duration STREAM_LIFETIME = Duration.ofMinutes(10);
    /** Paths of the event streams: outside the request budget, which they would hold for minutes (own bound). */
    static final String EVENTS_PATHS = "^/runs/[^/]+/events$";

    /** Whether a route (its path pattern) is a run's event stream: long-lived by design, not a slow request. */
    static boolean isEventStream(String route) {
        return route.equals("/runs/{id}/events");
    }

    private static final int CACHED = 16;
    private static final String DASHBOARD = "/io/seedgrid/service/dashboard/";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    /** The files the page loads: name, classpath resource, content type. */
    private static final Map<String, String[]> ASSETS = Map.of(
            "dashboard.js", new String[] {DASHBOARD + "dashboard.js", "text/javascript; charset=utf-8"},
            "charts.js", new String[] {DASHBOARD + "charts.js", "text/javascript; charset=utf-8"},
            "dashboard.css", new String[] {DASHBOARD + "dashboard.css", "text/css; charset=utf-8"},
            "uPlot.iife.min.js", new String[] {UPLOT + "uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "uPlot.min.css", new String[] {UPLOT + "uPlot.min.css", "text/css; charset=utf-8"});

    private static final String SECURITY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'"
            + " data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final ServiceConfig config;
    private final DashboardReads reads;
    private final StrategyRegistry registry;
    private final SignalService signals;
    private final RunLauncher runs;
    private final RunReports reports;
    private final RunEvents events;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();
    /** Reports of ended runs and charts of strategies: they do not change, and cost backtests to make. */
    private final Map<String, Map<String, Object>> cache =
            Collections.synchronizedMap(new LinkedHashMap<>(CACHED, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Map<String, Object>> eldest) {
                    return size() > CACHED;
                }
            });

    DashboardRoutes(
            ServiceConfig config,
            DashboardReads reads,
            StrategyRegistry registry,
            SignalService signals,
            RunLauncher runs) {
        this.config = config;
        this.reads = reads;
        this.registry = registry;
        this.signals = signals;
        this.runs = runs;
        this.reports = new RunReports(SeedgridHome.resolve().resolve("runs"));
        // a comment at half the idle timeout keeps a quiet stream from being cut
        Duration heartbeat = config.limits().idleTimeout().dividedBy(2);
        this.events = new RunEvents(
                this::progress,
                this::generation,
                MAX_STREAMS,
                STREAM_LIFETIME,
                heartbeat.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : heartbeat);
    }

    void register(JavalinConfig cfg) {
        HttpService.route(cfg, "GET", "/", this::index);
        HttpService.route(cfg, "GET", "/dashboard/assets/{file}", this::asset);
        HttpService.route(cfg, "GET", "/dashboard/runs", this::runList);
        HttpService.route(cfg, "GET", "/dashboard/run-options", this::runOptions);
        HttpService.route(cfg, "GET", "/runs/{id}/report", this::runReport);
        HttpService.route(cfg, "GET", "/runs/{id}/events", this::runEvents);
        HttpService.route(cfg, "GET", "/strategies/{id}/chart", this::strategyChart);
        HttpService.route(cfg, "GET", "/validation/reports", this::validation);
        HttpService.route(cfg, "GET", "/cluster", this::cluster);
    }

    @Override
    public void close() {
        events.close();
    }

    // ---------------------------------------------------------------- the page and its files

    private void index(Context ctx) {
        page(ctx, "index.html", DASHBOARD + "index.html", "text/html; charset=utf-8");
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("file");
        String[] asset = ASSETS.get(name);
        if (asset == null) {
            throw ApiException.notFound(
                    "file", "no dashboard file '" + name + "'; there are " + new TreeMap<>(ASSETS).keySet());
        }
        page(ctx, name, asset[0], asset[1]);
    }

    private void page(Context ctx, String name, String resource, String type) {
        byte[] body =
                assets.computeIfAbsent(name, k -> Charts.resource(resource).getBytes(StandardCharsets.UTF_8));
        ctx.header("Content-Security-Policy", SECURITY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-cache");
        HttpService.answered(ctx);
        ctx.status(200).contentType(type).result(body);
    }

    // ---------------------------------------------------------------- runs

    /** The runs list: status, data, seeds, the best figures and how long each took, newest first. */
    private void runList(Context ctx) {
        int limit = limit(ctx, 50);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (RunRecord r : reads.runs(limit)) {
            rows.add(runRow(r, reads.results(r.runId())));
        }
        HttpService.json(ctx, 200, rows);
    }

    private Map<String, Object> runRow(RunRecord r, List<StrategyRecord> results) {
        Optional<RunManifest> manifest = RunLauncher.manifest(r);
        RunLauncher.Standing standing = runs.standing(r);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", r.runId());
        v.put("status", standing.status());
        v.put("message", standing.message());
        v.put("symbol", r.symbol());
        v.put("timeframe", r.timeframe().label());
        v.put("seed", r.seed());
        v.put("mode", walkForward(manifest) ? "walk-forward" : "evolution");
        v.put("source", manifest.map(m -> m.origin().label()).orElse(null));
        v.put("seeds", manifest.map(m -> m.spec().seedNames()).orElse(List.of()));
        v.put("created", r.createdAt());
        v.put("updated", r.updatedAt());
        v.put(
                "duration_ms",
                !standing.ended()
                        ? null
                        : Duration.between(r.createdAt(), r.updatedAt()).toMillis());
        StrategyRecord best =
                results.stream().filter(s -> s.rank() == 1).findFirst().orElse(null);
        v.put("best_in_sample_sharpe", best == null ? null : sharpe(best.inSampleJson()));
        v.put("best_out_of_sample_sharpe", best == null ? null : sharpe(best.outOfSampleJson()));
        v.put("results", results.size());
        v.put("accepted", results.stream().filter(StrategyRecord::accepted).count());
        Optional<JsonNode> report = reports.of(r.runId());
        v.put(
                "deflated_sharpe",
                report.map(j -> number(j.path("selection_bias").path("deflated_sharpe")))
                        .orElse(null));
        v.put("has_report_json", report.isPresent());
        return v;
    }

    /**
     * A run's report: where it stands, fitness by generation, evaluations per node, the top strategies with every
     * acceptance criterion, and for the best its charts (equity against buy-and-hold with the split, drawdown, the
     * trades on the price) and a heat map of two of its genes; a walk-forward run's folds instead.
     */
    private void runReport(Context ctx) {
        String id = ctx.pathParam("id");
        Optional<RunRecord> stored = reads.run(id);
        if (stored.isEmpty()) {
            // queued in this process, not recorded yet: what the API knows
            Map<String, Object> queued = new LinkedHashMap<>(
                    runs.status(id).orElseThrow(() -> ApiException.notFound("id", "no run with id '" + id + "'")));
            queued.put("generations", List.of());
            queued.put("top", List.of());
            HttpService.json(ctx, 200, queued);
            return;
        }
        RunRecord run = stored.get();
        boolean ended = !run.status().unfinished(); // as recorded: a run no one holds may be resumed
        String key = "run " + id + " " + run.status() + " " + run.updatedAt();
        Map<String, Object> v = ended ? cache.get(key) : null;
        if (v == null) {
            v = runReport(run);
            if (ended) {
                cache.put(key, v);
            }
        }
        HttpService.json(ctx, 200, v);
    }

    private Map<String, Object> runReport(RunRecord run) {
        String id = run.runId();
        Optional<RunManifest> manifest = RunLauncher.manifest(run);
        List<StrategyRecord> results = reads.results(id);
        List<GenerationRecord> gens = reads.generations(id);
        Optional<JsonNode> report = reports.of(id);
        Map<String, Object> v = runRow(run, results);
        v.putAll(status(run, manifest, gens.size()));
        Map<String, Object> settings = new LinkedHashMap<>();
        Map<String, Object> data = new LinkedHashMap<>();
        manifest.ifPresent(m -> {
            RunConfig ga = m.ga();
            BacktestSettings bt = m.spec().settings();
            settings.put("population", ga.populationSize());
            settings.put("generations", ga.generations());
            settings.put("mutation", ApiJson.finite(ga.mutationRate()));
            settings.put("crossover", ApiJson.finite(ga.crossoverRate()));
            settings.put("elite", ApiJson.finite(ga.eliteFraction()));
            settings.put("fill", bt.fill().label());
            settings.put("fee_bps", ApiJson.finite(bt.feeBps()));
            settings.put("slippage_bps", ApiJson.finite(bt.slippageBps()));
            settings.put("allow_short", bt.allowShort());
            settings.put("out_of_sample_fraction", ApiJson.finite(bt.outOfSampleFraction()));
            data.put("first_bar", m.bars().first());
            data.put("last_bar", m.bars().last());
            data.put("count", m.bars().count());
        });
        v.put("settings", settings);
        v.put("data", data);

        List<Map<String, Object>> rows = new ArrayList<>();
        for (GenerationRecord g : gens) {
            rows.add(generation(g));
        }
        v.put("generations", rows);
        List<Map<String, Object>> nodes = Charts.nodes(rows);
        v.put("nodes", nodes);
        boolean grid = nodes.stream().anyMatch(n -> !Charts.LOCAL.equals(n.get("node")));
        v.put(
                "evaluator",
                !grid
                        ? "evaluated on the threads of the process that ran it ("
                                + ("api".equals(v.get("source"))
                                        ? "this service, " + this.config.evaluationThreads() + " threads"
                                        : "seedgrid evolve")
                                + "); no grid node recorded evaluations"
                        : "grid nodes recorded evaluations per generation");

        List<Map<String, Object>> top = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        JsonNode judged = report.map(r -> r.path("top")).orElse(null);
        if (walkForward(manifest)) {
            v.put("folds", folds(results, report.map(r -> r.path("folds")).orElse(null)));
            v.put("best", null);
            v.put(
                    "best_note",
                    "a walk-forward run's winners were each judged on their own window: see the folds"
                            + (report.isPresent() ? " (and report.html for the stitched out-of-sample equity)" : ""));
        } else {
            Evidence bestEvidence = null;
            RunStrategy best = null;
            // as recorded (older records: the defaults with their minimum fitness, see RunJson)
            AcceptanceCriteria criteria = manifest.map(RunManifest::acceptance).orElse(AcceptanceCriteria.DEFAULT);
            for (StrategyRecord s : results) {
                Map<String, Object> row = resultRow(s);
                JsonNode asJudged = judged == null ? null : rankOf(judged, s.rank());
                if (asJudged != null) {
                    row.put("criteria", asJudged.path("criteria"));
                    row.put("criteria_source", "as the run judged them (report.json)");
                    row.put(
                            "buy_and_hold_out_of_sample_sharpe",
                            number(asJudged.path("evidence")
                                    .path("buy_and_hold")
                                    .path("out_of_sample")
                                    .path("sharpe")));
                    row.put("break_even_cost_bps", asJudged.path("evidence").path("break_even_cost_bps"));
                }
                if (run.status() == RunStatus.COMPLETED && (asJudged == null || s.rank() == 1)) {
                    try {
                        RunStrategy rs = reads.runStrategy(id, s.rank());
                        StrategyDefinition def = rs.definition();
                        Evidence e = Evidence.of(
                                def.strategy(), def.settings(), SeedContext.of(rs.bars()), criteria.costFactor());
                        if (s.rank() == 1) {
                            best = rs;
                            bestEvidence = e;
                        }
                        if (asJudged == null) {
                            recomputed(row, s, criteria.judge(e, s.fitness(), rs.results(), Double.NaN), e);
                        }
                    } catch (RegistryException | IllegalArgumentException e) { // UnknownStrategyException is one too
                        if (s.rank() == 1) {
                            v.put("best_note", "no charts: " + e.getMessage());
                        }
                        if (asJudged == null) {
                            row.put("criteria", List.of());
                            row.put("criteria_source", "not available: " + e.getMessage());
                        }
                    }
                }
                top.add(row);
            }
            if (best != null) {
                Map<String, Object> chart =
                        Charts.strategy(best.bars(), best.definition().strategy(), bestEvidence);
                chart.put("strategy", best.definition().describe());
                v.put("best", chart);
                v.put(
                        "heat_map",
                        Charts.heatMap(
                                        best.bars(),
                                        best.definition().strategy(),
                                        best.definition().settings())
                                .orElse(null));
            } else {
                v.putIfAbsent(
                        "best_note",
                        run.status() == RunStatus.COMPLETED
                                ? "the run recorded no strategy"
                                : "charts come when the run has completed");
                v.put("best", null);
            }
        }
        v.put("top", top);
        report.ifPresent(r -> {
            v.put("selection_bias", r.path("selection_bias"));
            v.put("verdict", r.path("verdict").asText(null));
            r.path("market").path("warnings").forEach(w -> notes.add(w.asText()));
        });
        v.put("notes", notes);
        return v;
    }

    /** Status and progress, as the events stream sends them. */
    private Map<String, Object> status(RunRecord run, Optional<RunManifest> manifest, int done) {
        int total = manifest.map(m -> m.ga().generations()
                        * m.walkForward().map(w -> w.folds()).orElse(1))
                .orElse(0);
        RunLauncher.Standing standing = runs.standing(run);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", run.runId());
        v.put("status", standing.status());
        v.put("message", standing.message());
        v.put("updated", run.updatedAt());
        v.put("generations_total", total > 0 ? total : null);
        v.put("generations_done", done);
        v.put(
                "progress",
                run.status() == RunStatus.COMPLETED ? 1.0 : total > 0 ? Math.min(1.0, (double) done / total) : null);
        return v;
    }

    /** One generation's figures, with evaluations per grid node when its checkpoint recorded them. */
    private Map<String, Object> generation(GenerationRecord g) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("generation", g.generation());
        row.put("best_fitness", ApiJson.finite(g.bestFitness()));
        row.put("mean_fitness", ApiJson.finite(g.meanFitness()));
        row.put("evaluations", g.evaluations());
        row.put("duration_ms", g.durationMillis());
        Map<String, Object> perNode = null;
        if (g.populationJson() != null) {
            JsonNode nodes =
                    ApiJson.tree(g.populationJson()).path("stats").path("batch").path("evaluations_per_node");
            if (nodes.isObject()) {
                perNode = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = nodes.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    perNode.put(e.getKey(), e.getValue().asLong());
                }
            }
        }
        row.put("evaluations_per_node", perNode);
        return row;
    }

    private Map<String, Object> resultRow(StrategyRecord s) {
        Map<String, Object> row = new LinkedHashMap<>();
        JsonNode strategy = ApiJson.tree(s.genesJson());
        row.put("rank", s.rank());
        row.put("accepted", s.accepted());
        row.put("fitness", ApiJson.finite(s.fitness()));
        row.put("strategy", strategy.path("text").asText(strategy.toString()));
        row.put("in_sample", s.inSampleJson() == null ? null : ApiJson.tree(s.inSampleJson()));
        row.put("out_of_sample", s.outOfSampleJson() == null ? null : ApiJson.tree(s.outOfSampleJson()));
        return row;
    }

    /** Criteria judged again on the stored strategy and bars (storage keeps the verdict only). */
    private static void recomputed(Map<String, Object> row, StrategyRecord s, Verdict verdict, Evidence e) {
        List<Map<String, Object>> criteria = new ArrayList<>();
        for (Criterion c : verdict.criteria()) {
            Map<String, Object> cv = new LinkedHashMap<>();
            cv.put("criterion", c.name());
            cv.put("passed", c.passed());
            cv.put("value", ApiJson.finite(c.value()));
            cv.put("threshold", ApiJson.finite(c.threshold()));
            cv.put("detail", c.detail());
            criteria.add(cv);
        }
        row.put("criteria", criteria);
        row.put(
                "criteria_source",
                verdict.accepted() == s.accepted()
                        ? "judged again on the stored strategy and bars (storage keeps only the verdict)"
                        : "judged again on the stored strategy and bars, and the verdict differs from the run's ("
                                + (s.accepted() ? "accepted" : "not accepted")
                                + "): the run may have gated on the deflated"
                                + " Sharpe ratio, which only the run knew");
        row.put(
                "buy_and_hold_out_of_sample_sharpe",
                ApiJson.finite(e.buyAndHold().outOfSample().sharpe()));
        row.put(
                "break_even_cost_bps",
                Double.isInfinite(e.breakEvenCostBps())
                        ? "infinite (no out-of-sample trade)"
                        : ApiJson.finite(e.breakEvenCostBps()));
    }

    /** A walk-forward run's folds: each winner's figures from storage, the windows from report.json when there. */
    private static List<Map<String, Object>> folds(List<StrategyRecord> results, JsonNode reported) {
        List<Map<String, Object>> folds = new ArrayList<>();
        for (StrategyRecord s : results) {
            Map<String, Object> f = new LinkedHashMap<>();
            JsonNode in = s.inSampleJson() == null ? null : ApiJson.tree(s.inSampleJson());
            JsonNode out = s.outOfSampleJson() == null ? null : ApiJson.tree(s.outOfSampleJson());
            f.put("fold", s.rank());
            JsonNode window = null;
            if (reported != null) {
                for (JsonNode r : reported) {
                    if (r.path("fold").asInt() == s.rank()) {
                        window = r;
                    }
                }
            }
            f.put(
                    "in_sample_start",
                    window == null ? null : window.path("in_sample_start").asText(null));
            f.put(
                    "out_of_sample_start",
                    window == null ? null : window.path("out_of_sample_start").asText(null));
            f.put(
                    "out_of_sample_end",
                    window == null ? null : window.path("out_of_sample_end").asText(null));
            f.put("in_sample_sharpe", in == null ? null : number(in.path("sharpe")));
            f.put("out_of_sample_sharpe", out == null ? null : number(out.path("sharpe")));
            f.put("out_of_sample_return", out == null ? null : number(out.path("total_return")));
            f.put("out_of_sample_trades", out == null ? null : number(out.path("trades")));
            f.put(
                    "deflated_sharpe",
                    window == null ? null : number(window.path("selection_bias").path("deflated_sharpe")));
            f.put("accepted", s.accepted());
            f.put("strategy", ApiJson.tree(s.genesJson()).path("text").asText(""));
            folds.add(f);
        }
        return folds;
    }

    private static JsonNode rankOf(JsonNode top, int rank) {
        for (JsonNode t : top) {
            if (t.path("rank").asInt() == rank && t.path("criteria").isArray()) {
                return t;
            }
        }
        return null;
    }

    /** Follows a run as server-sent events: generation, status, done (see {@link RunEvents}). */
    private void runEvents(Context ctx) {
        String id = ctx.pathParam("id");
        String accept = ctx.header("Accept");
        if (accept == null || !accept.contains("text/event-stream")) {
            throw new ApiException(
                    406,
                    null,
                    "this endpoint streams server-sent events: ask with"
                            + " 'Accept: text/event-stream' (a browser's EventSource does)");
        }
        if (reads.run(id).isEmpty() && runs.status(id).isEmpty()) {
            throw ApiException.notFound("id", "no run with id '" + id + "'");
        }
        int after = Math.max(afterOf(ctx.header("Last-Event-ID")), afterOf(ctx.queryParam("after")));
        events.reserve();
        try {
            new SseHandler(client -> events.open(client, id, after)).handle(ctx);
        } catch (Exception | Error e) {
            events.release();
            throw e;
        }
        HttpService.answered(ctx);
    }

    private static int afterOf(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "after", "after (or Last-Event-ID) must be a generation number but was '" + text + "'");
        }
    }

    /** Where a followed run stands: stored, else queued in this process, else unknown. */
    private Optional<RunEvents.Progress> progress(String id) {
        Optional<RunRecord> run = reads.run(id);
        if (run.isEmpty()) {
            return runs.status(id).map(q -> {
                Map<String, Object> v = new LinkedHashMap<>();
                for (String k : List.of("run_id", "status", "generations_total", "generations_done", "progress")) {
                    v.put(k, q.get(k));
                }
                return new RunEvents.Progress(v, false, List.of());
            });
        }
        List<GenerationRecord> gens = reads.generations(id);
        RunRecord r = run.get();
        return Optional.of(new RunEvents.Progress(
                status(r, RunLauncher.manifest(r), gens.size()),
                runs.standing(r).ended(),
                gens));
    }

    /** What the run form offers: the fields of POST /runs with their defaults and ranges, symbols and seeds. */
    private void runOptions(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        List<Map<String, Object>> symbols = new ArrayList<>();
        for (SymbolSummary s : reads.symbols()) {
            symbols.add(Map.of("symbol", s.symbol(), "timeframe", s.timeframe().label(), "source", "stored"));
        }
        for (String b : BundledData.symbols()) {
            if (symbols.stream().noneMatch(s -> s.get("symbol").equals(b))) {
                symbols.add(Map.of("symbol", b, "timeframe", "", "source", "bundled"));
            }
        }
        v.put("symbols", symbols);
        List<Map<String, Object>> seeds = new ArrayList<>();
        for (Seed s : Seeds.all()) {
            seeds.add(Map.of("name", s.name(), "type", s.type().name()));
        }
        v.put("seeds", seeds);
        List<String> fills = new ArrayList<>();
        for (Fill f : Fill.values()) {
            fills.add(f.label());
        }
        v.put("fills", fills);
        v.put("fields", RunForm.fields(config));
        v.put("writes_enabled", config.apiToken().isPresent());
        HttpService.json(ctx, 200, v);
    }

    // ---------------------------------------------------------------- strategies

    /**
     * A strategy's charts (its definition backtested with its own settings on the bars it was evolved on), a heat map
     * of two genes, and its live bars so far: realised returns of its stored signals against the backtest's
     * out-of-sample pace, and the latest signals.
     */
    private void strategyChart(Context ctx) {
        String id = ctx.pathParam("id");
        RegisteredStrategy s;
        try {
            s = registry.get(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("id", "no strategy with id or name '" + id + "'");
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", s.id());
        v.put("stage", s.stage());
        Map<String, Object> charts = cached("strategy " + s.id(), () -> {
            Map<String, Object> c = new LinkedHashMap<>();
            try {
                Bars bars = reads.evolvedOn(s);
                c.put("chart", Charts.strategy(bars, s.definition()));
                c.put(
                        "heat_map",
                        Charts.heatMap(
                                        bars,
                                        s.definition().strategy(),
                                        s.definition().settings())
                                .orElse(null));
            } catch (RegistryException e) {
                c.put("chart", null);
                c.put("chart_note", "no charts: " + e.getMessage());
            }
            return c;
        });
        v.putAll(charts);
        v.put("live", live(s));
        HttpService.json(ctx, 200, v);
    }

    private Map<String, Object> live(RegisteredStrategy s) {
        Map<String, Object> v = new LinkedHashMap<>();
        LiveReturns live = reads.liveReturns(s);
        long[] times = live.endEpochMillis();
        double[] returns = live.returns();
        Metrics oos = s.outOfSample();
        // the backtest's pace: its out-of-sample return spread evenly over its bars, compounded
        double pace = oos.bars() > 0 ? Math.pow(1 + oos.totalReturn(), 1.0 / oos.bars()) - 1 : 0;
        double[] time = new double[times.length];
        double[] equity = new double[times.length];
        double[] expected = new double[times.length];
        double e = 1;
        double sum = 0;
        for (int t = 0; t < times.length; t++) {
            time[t] = times[t] / 1000.0;
            e *= 1 + returns[t];
            sum += returns[t];
            equity[t] = e;
            expected[t] = Math.pow(1 + pace, t + 1);
        }
        v.put("bars", times.length);
        v.put("time", time);
        v.put("equity", equity);
        v.put("backtest_pace", expected);
        v.put("live_mean", times.length == 0 ? null : ApiJson.finite(sum / times.length));
        v.put("backtest_pace_per_bar", ApiJson.finite(pace));
        List<LiveSignal> stored = signals.signals(s.id(), s.evolvedOn().symbol(), null);
        List<Map<String, Object>> latest = new ArrayList<>();
        for (LiveSignal p : stored.subList(Math.max(0, stored.size() - 20), stored.size())) {
            latest.add(ApiJson.signal(p));
        }
        Collections.reverse(latest);
        v.put("signals_stored", stored.size());
        v.put("latest_signals", latest);
        v.put("fill_meaning", s.definition().settings().fill().meaning());
        return v;
    }

    private Map<String, Object> cached(String key, Supplier<Map<String, Object>> make) {
        Map<String, Object> hit = cache.get(key);
        if (hit == null) {
            hit = make.get();
            cache.put(key, hit);
        }
        return hit;
    }

    // ---------------------------------------------------------------- validation and cluster

    /** Validation reports, newest first: score, verdict and each check (no storage locations: files stay private). */
    private void validation(Context ctx) {
        int limit = limit(ctx, 20);
        List<Map<String, Object>> out = new ArrayList<>();
        for (ReportRecord r : reads.reports(limit)) {
            JsonNode j = ApiJson.tree(r.json());
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("id", r.id());
            v.put("at", r.at());
            v.put("production_ready", j.path("production_ready").asBoolean(false));
            v.put("overall_status", j.path("overall_status").asText(null));
            v.put("business_value_score", number(j.path("business_value_score")));
            v.put("pass_rate", number(j.path("pass_rate")));
            v.put("passed_tests", number(j.path("passed_tests")));
            v.put("total_tests", number(j.path("total_tests")));
            v.put("thresholds", j.path("thresholds"));
            v.put("not_ready_because", j.path("not_ready_because"));
            v.put("storage_backend", j.path("storage_backend").asText(null));
            List<Map<String, Object>> checks = new ArrayList<>();
            for (JsonNode c : j.path("checks")) {
                Map<String, Object> cv = new LinkedHashMap<>();
                for (String k :
                        List.of("name", "title", "status", "critical", "weight", "millis", "evidence", "reason")) {
                    cv.put(k, c.path(k).isMissingNode() ? null : c.path(k));
                }
                checks.add(cv);
            }
            v.put("checks", checks);
            out.add(v);
        }
        HttpService.json(ctx, 200, out);
    }

    /**
     * What the service knows of where evaluations run: no grid is attached to it, so its own threads, and the grid
     * nodes that recent runs recorded evaluations on (from their checkpoints).
     */
    private void cluster(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("grid_attached", false);
        v.put(
                "note",
                "This service has no compute grid attached: runs started here evaluate on its own threads."
                        + " Grid nodes appear below only as recent runs recorded them (seedgrid evolve --mode cluster);"
                        + " their cores are not recorded.");
        Map<String, Object> self = new LinkedHashMap<>();
        self.put("node", "this service");
        self.put("cores", Runtime.getRuntime().availableProcessors());
        self.put("evaluation_threads", config.evaluationThreads());
        self.put("runs_running", runs.runningCount());
        self.put("runs_queued", runs.queuedCount());
        self.put("max_running_runs", config.maxRunningRuns());
        self.put("max_queued_runs", config.maxQueuedRuns());
        self.put("event_streams", events.open());
        v.put("service", self);
        int limit = limit(ctx, 20);
        Map<String, NodeTally> nodes = new TreeMap<>();
        long local = 0;
        int localRuns = 0;
        for (RunRecord r : reads.runs(limit)) {
            boolean counted = false;
            for (GenerationRecord g : reads.generations(r.runId())) {
                if (generation(g).get("evaluations_per_node") instanceof Map<?, ?> m && !m.isEmpty()) {
                    m.forEach((node, count) -> nodes.computeIfAbsent(String.valueOf(node), NodeTally::new)
                            .add(r, ((Number) count).longValue()));
                } else {
                    local += g.evaluations();
                    counted = true;
                }
            }
            localRuns += counted ? 1 : 0;
        }
        v.put("runs_looked_at", limit);
        v.put("grid_nodes", nodes.values().stream().map(NodeTally::view).toList());
        v.put("local_evaluations", local);
        v.put("local_runs", localRuns);
        HttpService.json(ctx, 200, v);
    }

    /** What the recorded runs say about one grid node. */
    private static final class NodeTally {
        final String node;
        final Set<String> runs = new TreeSet<>();
        long evaluations;
        long generations;
        Instant lastSeen = Instant.EPOCH;

        NodeTally(String node) {
            this.node = node;
        }

        void add(RunRecord run, long count) {
            evaluations += count;
            generations++;
            runs.add(run.runId());
            if (run.updatedAt().isAfter(lastSeen)) {
                lastSeen = run.updatedAt();
            }
        }

        Map<String, Object> view() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("node", node);
            v.put("cores", null); // not recorded by runs
            v.put("evaluations", evaluations);
            v.put("generations", generations);
            v.put("runs", runs.size());
            v.put("last_seen", lastSeen);
            return v;
        }
    }

    // ---------------------------------------------------------------- plumbing

    private static boolean walkForward(Optional<RunManifest> manifest) {
        return manifest.flatMap(RunManifest::walkForward).isPresent();
    }

    private static Double sharpe(String metricsJson) {
        return metricsJson == null ? null : number(ApiJson.tree(metricsJson).path("sharpe"));
    }

    private static Double number(JsonNode n) {
        return n.isNumber() && Double.isFinite(n.asDouble()) ? n.asDouble() : null;
    }

    private static int limit(Context ctx, int fallback) {
        String text = ctx.queryParam("limit");
        if (text == null) {
            return fallback;
        }
        int limit;
        try {
            limit = Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw ApiException.badRequest("limit", "limit must be a whole number in [1, 1000] but was '" + text + "'");
        }
        return limit;
    }
}
