package io.seedgrid.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import io.seedgrid.alerts.AlertRule;
import io.seedgrid.alerts.Alerts;
import io.seedgrid.seeds.bars.Bars;
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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.QuietException;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service on Javalin (Jetty): routes, authentication, error mapping, request metrics, and the limits of
 * {@link HttpLimits}: a connection idle timeout, bodies bounded in size, time and number at once, and a bounded
 * number of requests at once ({@link QoSHandler}: the rest wait without a thread) that {@code GET /health} is not
 * counted in, so it answers while the rest are busy or waiting on the store.
 */
final class HttpService implements SeedgridService {
    private static final Logger LOG = LoggerFactory.getLogger(HttpService.class);
    private static final String JSON = JsonErrors.CONTENT_TYPE;
    /** Request bodies: duplicate keys and anything after the JSON value are refused, not silently resolved. */
    private static final ObjectReader BODY = ApiJson.mapper()
            .reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    /** Storage details that locate the database or its files: kept off the network (the log has them). */
    private static final Set<String> PRIVATE_DETAILS = Set.of("url", "user", "file", "directory");

    private static final String STARTED = "seedgrid.started";
    private static final String ANSWERED = "seedgrid.answered";
    private static final String ROUTE = "seedgrid.route";

    private final ServiceConfig config;
    private final Store store;
    private final StrategyRegistry registry;
    private final SignalService signals;
    private final ServiceMetrics metrics;
    private final RunLauncher runs;
    private final DashboardRoutes dashboard;
    private final byte[] token;
    private final HttpLimits limits;
    /** The recent requests the HTTP alert rules judge; null without a monitor. */
    private final RequestWindow window;
    /** Ticks the monitored loop when the monitor has a period; null otherwise. */
    private ScheduledExecutorService ticker;
    /** Requests receiving a body now: at most {@link HttpLimits#maxBodyReads()}. */
    private final Semaphore bodyReads;
    /** Drift verdicts for /health/detailed, reused for a while: a check reads bars and signals and backtests. */
    private final ConcurrentHashMap<String, Cached> drift = new ConcurrentHashMap<>();
    /** The storage error last logged by /health/detailed: monitors poll it, the log says each new one once. */
    private volatile String lastStorageError;

    private Javalin app;

    /** A drift verdict and when it was computed (System.nanoTime). */
    private record Cached(DriftReport report, long at) {}

    static final long DRIFT_TTL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private HttpService(ServiceConfig config, Store store) {
        this.config = config;
        this.store = store;
        this.registry = StrategyRegistries.open(store, config.clock(), config.gates());
        this.signals = SignalServices.open(store, registry);
        this.metrics = ServiceMetrics.of(registry);
        this.runs = new RunLauncher(config, store, registry, metrics);
        this.dashboard = new DashboardRoutes(config, new DashboardReads(store), registry, signals, runs);
        this.token =
                config.apiToken().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
        this.limits = config.limits();
        this.bodyReads = new Semaphore(Math.min(limits.maxBodyReads(), limits.maxRequests()));
        this.window = config.monitor().map(m -> new RequestWindow(m.http())).orElse(null);
        config.monitor().ifPresent(m -> {
            window.rules().forEach(m.loop().alerts()::add);
            metrics.alerts(m.loop().alerts());
        });
    }

    static HttpService start(ServiceConfig config, Store store) {
        HttpService service = new HttpService(config, store);
        service.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = service.limits.maxBodyBytes();
            cfg.http.prefer405over404 = true; // a known path asked with another method: 405 naming the methods
            cfg.jetty.addConnector(service::connector);
            cfg.jetty.modifyServer(service::guard);
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
            route(cfg, "POST", "/strategies/{id}/shadow", service::shadow);
            route(cfg, "GET", "/strategies/{id}/compare/{other}", service::compare);
            route(cfg, "GET", "/alerts", service::alerts);
            route(cfg, "GET", "/runs", service::listRuns);
            route(cfg, "POST", "/runs", service::submitRun);
            route(cfg, "GET", "/runs/{id}", service::run);
            service.dashboard.register(cfg);
            cfg.routes.exception(HttpResponseException.class, service::refused);
            cfg.routes.exception(Exception.class, service::failure);
            cfg.routes.error(404, ctx -> {
                if (ctx.attribute(ANSWERED) == null) { // Javalin's own 404: no route matched
                    error(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + ctx.path());
                }
            });
            cfg.routes.after(service::count);
        });
        try {
            service.app.start();
        } catch (RuntimeException e) {
            service.runs.close();
            service.dashboard.close();
            throw new IllegalStateException(
                    "cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        LOG.info(
                "seedgrid service on {} (writes {})",
                service.url(),
                service.token == null ? "disabled: no API token" : "need the API token");
        config.monitor().ifPresent(m -> {
            m.loop().alerts().baseUrl(service.url()); // evidence links in webhook bodies point here
            m.every().ifPresent(every -> service.startTicking(m, every));
        });
        return service;
    }

    /** Ticks the loop every {@code every} on a thread of its own: a failed tick is counted and logged, not fatal. */
    private void startTicking(LifecycleMonitor m, Duration every) {
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "seedgrid-lifecycle");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(
                () -> {
                    try {
                        m.loop().tick();
                        metrics.lifecycleTicks.labelValues("ok").inc();
                        drift.clear(); // the tick may have recorded new verdicts and moved strategies
                    } catch (RuntimeException e) {
                        metrics.lifecycleTicks.labelValues("failed").inc();
                        LOG.warn("lifecycle tick failed: {}", e.toString());
                    }
                },
                0,
                every.toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info("lifecycle loop every {}", every);
    }

    /** The one connector: {@code host:port}, closing connections idle for {@link HttpLimits#idleTimeout()}. */
    private ServerConnector connector(Server server, HttpConfiguration http) {
        http.setSendServerVersion(false);
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(config.host());
        c.setPort(config.port());
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        return c;
    }

    /**
     * Jetty's own answers (bad request lines, long URIs and headers) in JSON, and at most
     * {@link HttpLimits#maxRequests()} requests at once besides {@code /health}: the others wait, holding no thread,
     * for up to {@link HttpLimits#queueTimeout()}, then get 503. Threads beyond that budget stay free for
     * {@code /health}, whatever the other requests wait on (a slow body, the store's lock).
     */
    private void guard(Server server) {
        server.setErrorHandler(new JsonErrors());
        QoSHandler budget = new QoSHandler();
        budget.excludePath("/health");
        budget.excludePath(DashboardRoutes.EVENTS_PATHS); // bounded in number and lifetime by the dashboard
        budget.setMaxRequestCount(limits.maxRequests());
        budget.setMaxSuspend(limits.queueTimeout());
        budget.setMaxSuspendedRequestCount(-1); // connections bound the queue; a 503 here would skip JsonErrors
        server.insertHandler(budget);
    }

    /** Registers a route that names itself for the request metrics (the matched path pattern, not the raw path). */
    static void route(JavalinConfig cfg, String method, String path, Handler handler) {
        Handler named = ctx -> {
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
            if (ticker != null) {
                ticker.shutdownNow();
                try {
                    ticker.awaitTermination(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            dashboard.close(); // event streams first: stopping Jetty waits for open requests
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
                    row.put(
                            "message",
                            "drift check failed: "
                                    + (e instanceof StorageException
                                            ? storageFailed(ctx, e.getMessage())
                                            : e.getMessage()));
                }
                row.put("stage", s.stage());
                drift.add(row);
            }
            strategies.put("live", drift.size());
            strategies.put(
                    "drifting",
                    drift.stream()
                            .filter(d -> Boolean.TRUE.equals(d.get("drifting")))
                            .count());
        }
        String status = storage.status() == StoreHealth.Status.UNHEALTHY
                ? "DOWN"
                : storage.status() == StoreHealth.Status.DEGRADED || drifting ? "DEGRADED" : "UP";
        v.put("status", status);
        v.put("time", config.clock().instant());
        v.put("storage", storageView(storage));
        v.put("grid", grid);
        v.put("strategies", strategies);
        v.put("drift", drift);
        json(ctx, status.equals("DOWN") ? 503 : 200, v);
    }

    /**
     * The storage health for the network: no database URL, user or file paths, and when the store does not answer
     * only which backend (the driver's message names host, port and user; it goes to the log, once per new error).
     */
    private Map<String, Object> storageView(StoreHealth h) {
        Map<String, Object> v = ApiJson.storage(h);
        Map<String, String> details = new LinkedHashMap<>(h.details());
        details.keySet().removeAll(PRIVATE_DETAILS);
        v.put("details", details);
        if (h.status() == StoreHealth.Status.UNHEALTHY) {
            String error = h.error() == null ? "no answer" : h.error();
            if (!error.equals(lastStorageError)) {
                lastStorageError = error;
                LOG.warn("storage ({}) does not answer: {}", h.backend(), error);
            }
            v.put("error", "the " + h.backend() + " storage does not answer (details in the service log)");
        } else {
            lastStorageError = null;
        }
        return v;
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
        return drift.compute(
                        id,
                        (k, old) -> old != null && System.nanoTime() - old.at() < DRIFT_TTL_NANOS
                                ? old
                                : new Cached(registry.checkDrift(k, "health"), System.nanoTime()))
                .report();
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
        Map<String, Object> v = ApiJson.detail(s, registry.history(s.id()), registry.preview(s.id()));
        v.put("allocation", ApiJson.allocation(registry.allocation(s.name())));
        v.put(
                "allocations",
                registry.allocations(s.name()).stream().map(ApiJson::allocation).toList());
        json(ctx, 200, v);
    }

    private void compare(Context ctx) {
        RegisteredStrategy a = strategyOf(ctx);
        String other = ctx.pathParam("other");
        RegisteredStrategy b;
        try {
            b = registry.find(other)
                    .orElseThrow(() -> ApiException.notFound("other", "no strategy with id or name '" + other + "'"));
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("other", "no strategy with id or name '" + other + "'");
        }
        json(ctx, 200, ApiJson.comparison(registry.compare(a.id(), b.id())));
    }

    private void shadow(Context ctx) {
        requireToken(ctx);
        RegisteredStrategy s = strategyOf(ctx);
        RegisteredStrategy after = registry.shadow(s.id(), actor(ctx));
        json(ctx, 200, ApiJson.detail(after, null, null));
    }

    private void alerts(Context ctx) {
        Map<String, Object> v = new LinkedHashMap<>();
        if (config.monitor().isEmpty()) {
            v.put("active", List.of());
            v.put("rules", List.of());
            v.put(
                    "note",
                    "no lifecycle monitor: start the service with the live loop ('seedgrid serve' does) to judge"
                            + " alert rules");
            json(ctx, 200, v);
            return;
        }
        Alerts alerts = config.monitor().get().loop().alerts();
        v.put("active", alerts.active().stream().map(ApiJson::alert).toList());
        Map<String, Long> fired = alerts.firedCounts();
        List<Map<String, Object>> rules = new ArrayList<>();
        for (AlertRule r : alerts.rules()) {
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("rule", r.name());
            rule.put("description", r.description());
            rule.put("fired", fired.getOrDefault(r.name(), 0L));
            rules.add(rule);
        }
        v.put("rules", rules);
        json(ctx, 200, v);
    }

    private void signals(Context ctx) {
        RegisteredStrategy s = strategyOf(ctx);
        String symbol = ctx.queryParam("symbol");
        if (symbol != null && symbol.isBlank()) {
            throw ApiException.badRequest("symbol", "symbol must not be blank");
        }
        Instant since = since(ctx.queryParam("since"));
        String sym = symbol != null ? symbol : s.evolvedOn().symbol();
        boolean compute = authorised(ctx);
        List<LiveSignal> list;
        int computed = 0;
        int pending = 0;
        try {
            if (compute) {
                SignalSnapshot snapshot = signals.updateAndRead(s.id(), sym, since);
                SignalUpdate update = snapshot.update();
                computed = update.stored();
                metrics.signalsComputed.inc(computed);
                if (computed > 0) {
                    drift.remove(s.id());
                }
                list = snapshot.signals();
            } else { // a read writes nothing: the stored signals, and how many bars have none yet
                List<LiveSignal> stored = signals.signals(s.id(), sym, null);
                Instant after = stored.isEmpty()
                        ? null
                        : stored.get(stored.size() - 1).time().plusMillis(1);
                Bars newer = store.bars()
                        .readBars(Bars.requireSymbol(sym), s.evolvedOn().timeframe(), after, null);
                if (stored.isEmpty() && newer.size() == 0) {
                    throw ApiException.notFound(
                            "symbol",
                            "no stored " + s.evolvedOn().timeframe() + " bars of " + sym + " and no stored signals of "
                                    + s.id() + " for it");
                }
                pending = newer.size();
                list = since == null
                        ? stored
                        : stored.stream().filter(p -> !p.time().isBefore(since)).toList();
            }
        } catch (UnknownStrategyException | ApiException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw e.getMessage() != null && e.getMessage().startsWith("no stored")
                    ? ApiException.notFound("symbol", e.getMessage())
                    : ApiException.badRequest("symbol", e.getMessage());
        }
        metrics.signalsServed.inc(list.size());
        Map<String, Object> v = ApiJson.signals(
                s.id(),
                sym,
                s.evolvedOn().timeframe().label(),
                s.definition().settings().fill(),
                list);
        v.put("computed", computed);
        v.put("pending_bars", pending);
        if (pending > 0) {
            v.put(
                    "pending_note",
                    pending + " stored bar(s) after the last signal have no signal yet; reads without"
                            + " the API token never compute (send 'Authorization: Bearer <token>', or run 'seedgrid signals"
                            + " --follow')");
        }
        json(ctx, 200, v);
    }

    private static Instant since(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException notInstant) {
            try {
                return LocalDate.parse(text.strip())
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            } catch (DateTimeParseException notDate) {
                throw ApiException.badRequest(
                        "since",
                        "since must be an ISO-8601 instant (2013-10-01T00:00:00Z) or" + " date (2013-10-01) but was '"
                                + text + "'");
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
            return registry.find(id)
                    .orElseThrow(() -> ApiException.notFound("id", "no strategy with id or name '" + id + "'"));
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
        String runId = runs.submit(RunRequest.parse(jsonBody(ctx), config));
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
                throw ApiException.badRequest(
                        "limit", "limit must be a whole number in [1, 1000] but was '" + text + "'");
            }
        }
        json(ctx, 200, runs.recent(limit));
    }

    // ---------------------------------------------------------------- request bodies

    /** The body as JSON, or null when it is empty; a duplicate key is refused naming it. */
    private JsonNode jsonBody(Context ctx) {
        byte[] bytes = body(ctx);
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        try {
            return BODY.readTree(bytes);
        } catch (JsonProcessingException e) {
            String key = duplicateKey(e);
            if (key != null) {
                throw ApiException.badRequest(
                        key, "the body has the key '" + key + "' twice (at " + location(e) + "): say each once");
            }
            throw ApiException.badRequest(
                    "body", "the body is not valid JSON: " + e.getOriginalMessage() + " (at " + location(e) + ")");
        } catch (IOException e) { // not from a byte array
            throw new IllegalStateException(e);
        }
    }

    /** The key a strict parser found twice, or null when {@code e} is another error. */
    private static String duplicateKey(JsonProcessingException e) {
        if (!e.getOriginalMessage().startsWith("Duplicate field") || !(e.getProcessor() instanceof JsonParser p)) {
            return null;
        }
        try {
            return p.currentName();
        } catch (IOException notThere) {
            return null;
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? "unknown position"
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr();
    }

    /**
     * The raw body: at most {@link HttpLimits#maxBodyBytes()} (413), in full within {@link HttpLimits#bodyTimeout()}
     * (408), read by at most {@link HttpLimits#maxBodyReads()} requests at once (503: a slot frees within the body
     * timeout). A client that stops sending is dropped by the idle timeout; each such client is one log line.
     */
    private byte[] body(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limits.maxBodyBytes()) {
            ctx.header("Connection", "close");
            throw new ApiException(
                    413,
                    "body",
                    "the body is " + declared + " bytes; at most " + limits.maxBodyBytes() + " are accepted");
        }
        if (!bodyReads.tryAcquire()) {
            ctx.header("Connection", "close");
            throw new ApiException(
                    503,
                    null,
                    "busy: " + Math.min(limits.maxBodyReads(), limits.maxRequests())
                            + " requests are sending their bodies; try again shortly");
        }
        long start = System.nanoTime();
        long deadline = start + limits.bodyTimeout().toNanos();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.clamp(declared, 1024, 1 << 16));
        try {
            byte[] buffer = new byte[8192];
            while (true) {
                int n;
                try {
                    InputStream in = ctx.req().getInputStream();
                    n = in.read(buffer);
                } catch (IOException e) {
                    throw dropped(ctx, "stopped sending its body", out.size(), declared, start, e);
                }
                if (n < 0) {
                    return out.toByteArray();
                }
                out.write(buffer, 0, n);
                if (out.size() > limits.maxBodyBytes()) {
                    ctx.header("Connection", "close");
                    throw new ApiException(
                            413,
                            "body",
                            "the body is over " + limits.maxBodyBytes() + " bytes, the most" + " accepted");
                }
                if (System.nanoTime() - deadline > 0) {
                    ctx.header("Connection", "close");
                    ApiException timedOut = new ApiException(
                            408,
                            "body",
                            "the body did not arrive within "
                                    + seconds(limits.bodyTimeout().toNanos()) + " (" + received(out.size(), declared)
                                    + ")");
                    throw dropped(ctx, "sent its body too slowly", out.size(), declared, start, timedOut);
                }
            }
        } finally {
            bodyReads.release();
        }
    }

    /** One line for a client whose body did not arrive (its trace at debug); the exception to answer with. */
    private static ApiException dropped(
            Context ctx, String what, long received, long declared, long start, Exception cause) {
        String line = String.format(
                Locale.ROOT,
                "client %s dropped: %s %s %s (%s in %s): %s",
                remote(ctx),
                ctx.method(),
                ctx.path(),
                what,
                received(received, declared),
                seconds(System.nanoTime() - start),
                oneLine(cause));
        LOG.info(line);
        LOG.debug("{}: trace", line, cause);
        return cause instanceof ApiException a
                ? a
                : new ApiException(400, "body", "the body did not arrive: " + oneLine(cause));
    }

    private static String received(long received, long declared) {
        return received + (declared >= 0 ? " of " + declared : "") + " bytes";
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    private static String remote(Context ctx) {
        return ctx.req().getRemoteAddr() + ":" + ctx.req().getRemotePort();
    }

    /** The messages of {@code e} and its causes, on one line (Jetty's are often just "Early EOF" with a cause). */
    private static String oneLine(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 500; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(m) < 0) {
                sb.append(sb.isEmpty() ? "" : ": ").append(m);
            }
        }
        return sb.toString().replaceAll("\\s+", " ");
    }

    // ---------------------------------------------------------------- plumbing

    /**
     * Whether the request carries the valid token: none is simply not authorised (a read then writes nothing), a
     * wrong one is refused (401).
     */
    private boolean authorised(Context ctx) {
        if (ctx.header("Authorization") == null) {
            return false;
        }
        requireToken(ctx);
        return true;
    }

    /** Writes need {@code Authorization: Bearer <token>}; compared in constant time. */
    private void requireToken(Context ctx) {
        if (token == null) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"seedgrid\"");
            throw new ApiException(
                    401,
                    null,
                    "writes are disabled: the service was started without an API token" + " (set "
                            + ServiceConfig.TOKEN_ENV + ")");
        }
        String header = ctx.header("Authorization");
        byte[] given = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).strip().getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        if (!MessageDigest.isEqual(token, given)) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"seedgrid\", error=\"invalid_token\"");
            throw new ApiException(
                    401,
                    null,
                    header == null
                            ? "this write needs 'Authorization: Bearer <token>'"
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
            Map<String, Object> v = JsonErrors.body(503, null, storageFailed(ctx, e.getMessage()));
            v.put("backend", store.backend());
            answer(ctx, 503, v);
        } else if (e instanceof IllegalArgumentException) {
            error(ctx, 400, null, e.getMessage());
        } else if (clientGone(e)) {
            LOG.info("client {} dropped: {} {}: {}", remote(ctx), ctx.method(), ctx.path(), oneLine(e));
            LOG.debug("client {} dropped: trace", remote(ctx), e);
        } else {
            metrics.errors.labelValues("http").inc();
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, null, "internal error: " + e.getClass().getSimpleName());
        }
    }

    /**
     * What a storage failure tells the client: which backend, nothing of where it is (the message names the database
     * URL, host, port and user; it goes to the log, one line).
     */
    private String storageFailed(Context ctx, String message) {
        LOG.warn("{} {}: storage failed: {}", ctx.method(), ctx.path(), message);
        return "storage unavailable: the " + store.backend() + " storage did not answer (details in the service log)";
    }

    /** Jetty's sign that the client went away or stopped sending (an early EOF, an idle timeout). */
    private static boolean clientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof QuietException) {
                return true;
            }
        }
        return false;
    }

    /** Javalin's own refusals (405 with the allowed methods, 404 of no route) as our JSON errors. */
    private void refused(HttpResponseException e, Context ctx) {
        if (e.getStatus() == 405) {
            List<String> allowed = new ArrayList<>();
            for (String list : e.getDetails().values()) { // one entry, "GET, POST"
                for (String m : list.split(",")) {
                    allowed.add(m.strip());
                    if (m.strip().equals("GET")) {
                        allowed.add("HEAD"); // Jetty answers HEAD for every GET
                    }
                }
            }
            String allow = String.join(", ", allowed);
            ctx.header("Allow", allow);
            error(ctx, 405, null, ctx.method() + " is not allowed on " + ctx.path() + "; allowed: " + allow);
        } else if (e.getStatus() == 404) {
            error(ctx, 404, null, "no such endpoint: " + ctx.method() + " " + ctx.path());
        } else {
            error(ctx, e.getStatus(), null, e.getMessage());
        }
    }

    private static void error(Context ctx, int status, String field, String message) {
        answer(ctx, status, JsonErrors.body(status, field, message));
    }

    /** An error answer: its JSON, and Retry-After when waiting helps (429, 503). */
    private static void answer(Context ctx, int status, Map<String, Object> body) {
        int retry = JsonErrors.retryAfterSeconds(status);
        if (retry >= 0) {
            ctx.header("Retry-After", String.valueOf(retry));
        }
        json(ctx, status, body);
    }

    static void json(Context ctx, int status, Object value) {
        answered(ctx);
        ctx.status(status).contentType(JSON).result(ApiJson.write(value, false));
    }

    /** Marks the request as answered by a route (so a 404 it sets is not taken for "no such endpoint"). */
    static void answered(Context ctx) {
        ctx.attribute(ANSWERED, Boolean.TRUE);
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
            double seconds = (System.nanoTime() - started) / 1e9;
            metrics.requestSeconds.labelValues(method, route).observe(seconds);
            if (window != null && !route.equals("/metrics") && !DashboardRoutes.isEventStream(route)) {
                window.add(status, seconds);
            }
        }
    }
}
