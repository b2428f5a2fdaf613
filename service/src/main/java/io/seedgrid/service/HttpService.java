package io.seedgrid.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.seedgrid.storage.StorageException;
import io.seedgrid.storage.Store;
import io.seedgrid.storage.StoreHealth;
import io.seedgrid.storage.StrategyStage;
import io.seedgrid.strategies.DriftReport;
import io.seedgrid.strategies.LifecycleException;
import io.seedgrid.strategies.LiveSignal;
import io.seedgrid.strategies.PromotionRefusedException;
import io.seedgrid.strategies.RegisteredStrategy;
import io.seedgrid.strategies.RegistryException;
import io.seedgrid.strategies.SignalService;
import io.seedgrid.strategies.SignalServices;
import io.seedgrid.strategies.SignalSnapshot;
import io.seedgrid.strategies.SignalUpdate;
import io.seedgrid.strategies.StrategyRegistries;
import io.seedgrid.strategies.StrategyRegistry;
import io.seedgrid.strategies.UnknownStrategyException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The service on Javalin (Jetty): routes, authentication, error mapping and request metrics. */
final class HttpService implements SeedgridService {
    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);
    private static final String JSON = "application/json";
    private static final String STARTED = "seedgrid.started";
    private static final String ANSWERED = "seedgrid.answered";
    private static final String ROUTE = "seedgrid.route";

    private final ServiceConfig config;
    private final Store store;
    private final StrategyRegistry registry;
    private final SignalService signals;
    private final ServiceMetrics metrics;
    private final RunLauncher runs;
    private final byte[] token;
    /** Drift verdicts for /health/detailed, reused for a while: a check reads bars and signals and backtests. */
    private final java.util.concurrent.ConcurrentHashMap<String, Cached> drift =
            new java.util.concurrent.ConcurrentHashMap<>();
    private Javalin app;

    /** A drift verdict and when it was computed (System.nanoTime). */
    private record Cached(DriftReport report, long at) {
    }

    static final long DRIFT_TTL_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private HttpService(ServiceConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.registry = StrategyRegistries.open(store, config.clock(), config.gates());
        this.signals = SignalServices.open(store, registry);
        this.metrics = ServiceMetrics.of(registry);
        this.runs = new RunLauncher(config, store, registry, metrics);
        this.token = config.apiToken().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    }

    static HttpService start(ServiceConfig config, Store store) {
        HttpService service = new HttpService(config, store);
        service.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = 1 << 20;
            cfg.routes.before(ctx -> ctx.attribute(STARTED, System.nanoTime()));
            route(cfg, "GET", "/health", service::health);
            route(cfg, "GET", "/health/detailed", service::healthDetailed);
            route(cfg, "GET", "/metrics", service::metrics);
            route(cfg, "GET", "/strategies", service::strategies);
            route(cfg, "GET", "/strategies/{id}", service::strategy);
            route(cfg, "GET", "/strategies/{id}/signals", service::signals);
            route(cfg, "POST", "/strategies/{id}/promote", service::promote);
            route(cfg, "POST", "/strategies/{id}/rollback", service::rollback);
            route(cfg, "POST", "/strategies/{id}/archive", service::archive);
            route(cfg, "GET", "/runs", service::listRuns);
            route(cfg, "POST", "/runs", service::submitRun);
            route(cfg, "GET", "/runs/{id}", service::run);
            cfg.routes.exception(Exception.class, service::failure);
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) { // Javalin's own 404: no route matched
                    error(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.after(service::count);
        });
        try {
            service.app.start(config.host(), config.port());
        } catch (RuntimeException e) {
            service.runs.close();
            throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": "
                    + e.getMessage(), e);
        }
        LOG.info("seedgrid service on {} (writes {})", service.url(),
                service.token == null ? "disabled: no API token" : "need the API token");
        return service;
    }

    /** Registers a route that names itself for the request metrics (the matched path pattern, not the raw path). */
    private static void route(io.javalin.config.JavalinConfig cfg, String method, String path,
            io.javalin.http.Handler handler) {
        io.javalin.http.Handler named = ctx -> {
            ctx.attribute(ROUTE, path);
            handler.handle(ctx);
        };
        if (method.equals("GET")) {
            cfg.routes.get(path, named);
        } else {
            cfg.routes.post(path, named);
        }
    }

    @Override
    public int port() {
        return app.port();
    }

    @Override
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port();
    }

    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            runs.close();
        }
    }

    // ---------------------------------------------------------------- health and metrics

    private void health(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("status", "UP");
        v.put("time", config.clock().instant());
        json(ctx, 200, v);
    }

    private void healthDetailed(Context ctx) {
        StoreHealth storage = store.health();
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> grid = new LinkedHashMap<>();
        grid.put("mode", "local");
        grid.put("evaluation_threads", config.evaluationThreads());
        grid.put("runs_running", runs.runningCount());
        grid.put("runs_queued", runs.queuedCount());
        grid.put("max_running_runs", config.maxRunningRuns());
        grid.put("max_queued_runs", config.maxQueuedRuns());
        grid.put("note", "runs launched here evaluate on this machine's threads; no compute grid is attached");
        Map<String, Object> strategies = new LinkedHashMap<>();
        List<Map<String, Object>> drift = new ArrayList<>();
        boolean drifting = false;
        if (storage.status() != StoreHealth.Status.UNHEALTHY) {
            List<RegisteredStrategy> all = registry.list();
            Map<StrategyStage, Integer> byStage = new EnumMap<>(StrategyStage.class);
            for (StrategyStage s : StrategyStage.values()) {
                byStage.put(s, 0);
            }
            all.forEach(s -> byStage.merge(s.stage(), 1, Integer::sum));
            strategies.put("total", all.size());
            strategies.put("by_stage", byStage);
            for (RegisteredStrategy s : all) {
                if (!s.live()) {
                    continue;
                }
                Map<String, Object> row;
                try {
                    DriftReport d = drift(s.id());
                    row = ApiJson.drift(d);
                    drifting |= d.drifting();
                } catch (RuntimeException e) {
                    row = new LinkedHashMap<>();
                    row.put("strategy_id", s.id());
                    row.put("status", "UNKNOWN");
                    row.put("message", "drift check failed: " + e.getMessage());
                }
                row.put("stage", s.stage());
                drift.add(row);
            }
            strategies.put("live", drift.size());
            strategies.put("drifting", drift.stream().filter(d -> Boolean.TRUE.equals(d.get("drifting"))).count());
        }
        String status = storage.status() == StoreHealth.Status.UNHEALTHY ? "DOWN"
                : storage.status() == StoreHealth.Status.DEGRADED || drifting ? "DEGRADED" : "UP";
        v.put("status", status);
        v.put("time", config.clock().instant());
        v.put("storage", ApiJson.storage(storage));
        v.put("grid", grid);
        v.put("strategies", strategies);
        v.put("drift", drift);
        json(ctx, status.equals("DOWN") ? 503 : 200, v);
    }

    /**
     * A drift verdict at most {@link #DRIFT_TTL_NANOS} old; new signals and lifecycle moves of the strategy through
     * this service drop it at once.
     */
    private DriftReport drift(String id) {
        long now = System.nanoTime();
        Cached c = drift.get(id);
        if (c != null && now - c.at() < DRIFT_TTL_NANOS) {
            return c.report();
        }
        // one check per strategy at a time: concurrent callers wait for it rather than all checking
        return drift.compute(id, (k, old) -> old != null && System.nanoTime() - old.at() < DRIFT_TTL_NANOS ? old
                : new Cached(registry.checkDrift(k, "health"), System.nanoTime())).report();
    }

    private void metrics(Context ctx) {
        ctx.status(200).contentType(metrics.contentType()).result(metrics.scrape());
    }

    // ---------------------------------------------------------------- strategies

    private void strategies(Context ctx) {
        json(ctx, 200, registry.list().stream().map(ApiJson::summary).toList());
    }

    private void strategy(Context ctx) {
        RegisteredStrategy s = strategyOf(ctx);
        json(ctx, 200, ApiJson.detail(s, registry.history(s.id()), registry.preview(s.id())));
    }

    private void signals(Context ctx) {
        RegisteredStrategy s = strategyOf(ctx);
        String symbol = ctx.queryParam("symbol");
        if (symbol != null && symbol.isBlank()) {
            throw ApiException.badRequest("symbol", "symbol must not be blank");
        }
        Instant since = since(ctx.queryParam("since"));
        String sym = symbol != null ? symbol : s.evolvedOn().symbol();
        SignalSnapshot snapshot;
        try {
            snapshot = signals.updateAndRead(s.id(), sym, since);
        } catch (UnknownStrategyException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("no stored")
                    ? ApiException.notFound("symbol", e.getMessage()) : ApiException.badRequest("symbol", e.getMessage());
        }
        SignalUpdate update = snapshot.update();
        metrics.signalsComputed.inc(update.stored());
        if (update.stored() > 0) {
            drift.remove(s.id());
        }
        List<LiveSignal> list = snapshot.signals();
        metrics.signalsServed.inc(list.size());
        json(ctx, 200, ApiJson.signals(s.id(), sym, update.timeframe().label(), s.definition().settings().fill(),
                list));
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                throw ApiException.badRequest("since", "since must be an ISO-8601 instant (2013-10-01T00:00:00Z) or"
                        + " date (2013-10-01) but was '" + text + "'");
            }
        }
    }

    private void promote(Context ctx) {
        requireToken(ctx);
        RegisteredStrategy s = strategyOf(ctx);
        RegisteredStrategy after = registry.promote(s.id(), actor(ctx));
        drift.clear(); // a rollback or promotion moves other versions too
        json(ctx, 200, ApiJson.detail(after, null, null));
    }

    private void rollback(Context ctx) {
        requireToken(ctx);
        RegisteredStrategy s = strategyOf(ctx);
        RegisteredStrategy after = registry.rollback(s.id(), actor(ctx));
        drift.clear(); // a rollback or promotion moves other versions too
        json(ctx, 200, ApiJson.detail(after, null, null));
    }

    private void archive(Context ctx) {
        requireToken(ctx);
        RegisteredStrategy s = strategyOf(ctx);
        RegisteredStrategy after = registry.archive(s.id(), actor(ctx));
        drift.clear(); // a rollback or promotion moves other versions too
        json(ctx, 200, ApiJson.detail(after, null, null));
    }

    private RegisteredStrategy strategyOf(Context ctx) {
        String id = ctx.pathParam("id");
        try {
            return registry.find(id).orElseThrow(() -> ApiException.notFound("id", "no strategy with id or name '"
                    + id + "'"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("id", "no strategy with id or name '" + id + "'");
        }
    }

    /** Who made a write, for the strategy's log: the API (the token does not name a person). */
    private static String actor(Context ctx) {
        return "api";
    }

    // ---------------------------------------------------------------- runs

    private void submitRun(Context ctx) {
        requireToken(ctx);
        JsonNode body;
        try {
            String text = ctx.body();
            body = text.isBlank() ? null : ApiJson.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("body", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        String runId = runs.submit(RunRequest.parse(body, config));
        Map<String, Object> v = new LinkedHashMap<>(runs.status(runId).orElseGet(LinkedHashMap::new));
        v.put("run_id", runId);
        v.put("url", "/runs/" + runId);
        ctx.header("Location", "/runs/" + runId);
        json(ctx, 202, v);
    }

    private void run(Context ctx) {
        String id = ctx.pathParam("id");
        json(ctx, 200, runs.status(id).orElseThrow(() -> ApiException.notFound("id", "no run with id '" + id + "'")));
    }

    private void listRuns(Context ctx) {
        int limit = 20;
        String text = ctx.queryParam("limit");
        if (text != null) {
            try {
                limit = Integer.parseInt(text.strip());
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw ApiException.badRequest("limit", "limit must be a whole number in [1, 1000] but was '" + text + "'");
            }
        }
        json(ctx, 200, runs.recent(limit));
    }

    // ---------------------------------------------------------------- plumbing

    /** Writes need {@code Authorization: Bearer <token>}; compared in constant time. */
    private void requireToken(Context ctx) {
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"seedgrid\"");
            throw new ApiException(401, null, "writes are disabled: the service was started without an API token"
                    + " (set " + ServiceConfig.TOKEN_ENV + ")");
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(token, given)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"seedgrid\", error=\"invalid_token\"");
            throw new ApiException(401, null, header == null ? "this write needs 'Authorization: Bearer <token>'"
                    : "the bearer token is not valid");
        }
    }

    private void failure(Exception e, Context ctx) {
        if (e instanceof ApiException a) {
            error(ctx, a.status, a.field, a.getMessage());
        } else if (e instanceof PromotionRefusedException p) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("error", p.getMessage());
            v.put("strategy_id", p.strategyId());
            v.put("from", p.from());
            v.put("to", p.to());
            v.put("failed_gates", p.failed().stream().map(g -> g.gate()).toList());
            v.put("gates", p.gates().stream().map(ApiJson::gate).toList());
            json(ctx, 409, v);
        } else if (e instanceof UnknownStrategyException u) {
            error(ctx, 404, "id", u.getMessage());
        } else if (e instanceof LifecycleException || e instanceof RegistryException) {
            error(ctx, 409, null, e.getMessage());
        } else if (e instanceof StorageException) {
            metrics.errors.labelValues("http").inc();
            error(ctx, 503, null, "storage: " + e.getMessage());
        } else if (e instanceof IllegalArgumentException) {
            error(ctx, 400, null, e.getMessage());
        } else {
            metrics.errors.labelValues("http").inc();
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private static void error(Context ctx, int status, String field, String message) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("error", message);
        if (field != null) {
            v.put("field", field);
        }
        v.put("status", status);
        json(ctx, status, v);
    }

    private static void json(Context ctx, int status, Object value) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
        ctx.status(status).contentType(JSON).result(ApiJson.write(value, false));
    }

    private void count(Context ctx) {
        String route = ctx.attribute(ROUTE);
        if (route == null) {
            route = "unmatched";
        }
        String method = ctx.method().name();
        int status = ctx.status().getCode();
        metrics.requests.labelValues(method, route, String.valueOf(status)).inc();
        Long started = ctx.attribute(STARTED);
        if (started != null) {
            metrics.requestSeconds.labelValues(method, route).observe((System.nanoTime() - started) / 1e9);
        }
    }
}
